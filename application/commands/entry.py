"""PlaceOrder: the main order, then its protective reduce-only stop; an entry is never left without its stop."""

from __future__ import annotations

from decimal import Decimal

from application.commands.effects import CommandFailure, Effects
from application.commands.placement import lookup, place
from application.commands.reduction import reduce_in_rounds
from domain.client_order_ids import client_order_id_for
from domain.codec import Record
from domain.commands import Command, PlaceOrder
from domain.events import ExchangeErrorRecorded, OrderFacts, OrderRejected
from domain.order_request import OrderRequest
from domain.values import ZERO, OrderType, Source
from ports.errors import ExchangeRejected

MAIN, STOP, FLATTEN = "main", "stop", "flatten"


async def place_order(fx: Effects, command: Command, payload: PlaceOrder) -> Record:
    request = main_request(fx.symbol, command.command_id, payload)
    try:
        facts = await place(fx, command, MAIN, request)
    except ExchangeRejected as error:
        fx.emit(
            command, OrderRejected(request.client_order_id, command.command_id, error.code, error.message), Source.REST
        )
        reason = f"order {request.client_order_id} rejected by the exchange: {error.code} {error.message}"
        raise CommandFailure(reason) from error
    fx.record_order(command, facts)
    result = _order_result(MAIN, facts)
    if payload.stop_price is not None:
        result.update(await _protect(fx, command, request, facts, payload.stop_price))
    return result


def main_request(symbol: str, command_id: str, payload: PlaceOrder) -> OrderRequest:
    return OrderRequest(
        symbol=symbol,
        client_order_id=client_order_id_for(command_id, MAIN),
        side=payload.side,
        order_type=payload.order_type,
        quantity=payload.quantity,
        price=payload.price,
        trigger_price=payload.trigger_price,
        time_in_force=payload.time_in_force,
        reduce_only=payload.reduce_only,
        close_position=payload.close_position,
    )


def stop_request(entry: OrderRequest, command_id: str, stop_price: Decimal, quantity: Decimal) -> OrderRequest:
    """A reduce-only STOP_MARKET on the other side of the entry."""
    return OrderRequest(
        symbol=entry.symbol,
        client_order_id=client_order_id_for(command_id, STOP),
        side=entry.side.opposite(),
        order_type=OrderType.STOP_MARKET,
        quantity=quantity,
        trigger_price=stop_price,
        reduce_only=True,
    )


async def _protect(
    fx: Effects, command: Command, entry: OrderRequest, facts: OrderFacts, stop_price: Decimal
) -> Record:
    # A resting entry may still fill in full; a finished one (a market order can expire part-filled) holds its fills
    quantity = entry.quantity if facts.status.is_open else facts.filled_qty
    if quantity == ZERO:
        return {"stop_status": None}
    try:
        stop = await place(fx, command, STOP, stop_request(entry, command.command_id, stop_price, quantity))
    except ExchangeRejected as error:
        raise await _stop_refused(fx, command, entry, stop_price, error) from error
    fx.record_order(command, stop)
    return _order_result(STOP, stop)


async def _stop_refused(
    fx: Effects, command: Command, entry: OrderRequest, stop_price: Decimal, error: ExchangeRejected
) -> CommandFailure:
    """Flatten the entry its stop could not protect; the failure says what was done."""
    fx.emit(
        command,
        ExchangeErrorRecorded(
            "place protective stop", error.code, error.message, f"stop {stop_price} for {entry.client_order_id}"
        ),
        Source.REST,
        "stop",
    )
    refused = f"protective stop at {stop_price} rejected by the exchange ({error.code} {error.message})"
    try:
        flattened = await _flatten(fx, command, entry)
    except ExchangeRejected as failed:
        fx.emit(
            command,
            ExchangeErrorRecorded("flatten unprotected entry", failed.code, failed.message, entry.client_order_id),
            Source.REST,
            "flatten",
        )
        return CommandFailure(
            f"{refused}; flattening entry {entry.client_order_id} was rejected too"
            f" ({failed.code} {failed.message}): its position is UNPROTECTED"
        )
    return CommandFailure(
        f"{refused}; entry {entry.client_order_id} canceled and {flattened} flattened"
        " so no position is left unprotected"
    )


async def _flatten(fx: Effects, command: Command, entry: OrderRequest) -> Decimal:
    """Cancel what is left of the entry and take off what it filled with reduce-only market orders."""
    facts = await fx.gateway.cancel_order(fx.symbol, entry.client_order_id, entry.conditional)
    if facts is None:
        facts = await lookup(fx, entry.client_order_id, entry.conditional)
    if facts is None:
        return ZERO
    fx.record_update(command, facts)
    filled = facts.filled_qty

    async def unprotected(done: Decimal) -> Decimal:
        return (filled - done) * entry.side.sign

    flattened, _ = await reduce_in_rounds(fx, command, FLATTEN, unprotected)
    return flattened


def _order_result(leg: str, facts: OrderFacts) -> Record:
    prefix = "" if leg == MAIN else f"{leg}_"
    return {
        f"{prefix}client_order_id": facts.client_order_id,
        f"{prefix}order_id": facts.order_id,
        f"{prefix}status": facts.status.value,
        f"{prefix}filled_qty": str(facts.filled_qty),
    }
