"""Order placement (PRD §4.5): intent first, send once, look up on an unknown outcome, never resend blind."""

from __future__ import annotations

from application.commands.effects import Effects, Unresolved
from domain.commands import Command
from domain.events import OrderFacts
from domain.order_request import OrderRequest
from ports.command_store import OrderLink
from ports.errors import ExchangeRejected, OutcomeUnknown, RateLimited
from ports.failpoints import AFTER_INTENT_COMMIT, AFTER_SEND_BEFORE_ACK

# Binance: "Client order id is duplicated" — an open order already carries this id, i.e. an earlier send took effect
DUPLICATE_CLIENT_ORDER_ID = -4116


async def place(fx: Effects, command: Command, leg: str, request: OrderRequest) -> OrderFacts:
    """Place `request` as `leg` of `command` exactly once, however often this runs; ExchangeRejected if refused.

    Raises Unresolved when the outcome cannot be settled now; the committed intent lets a later run settle it.
    """
    existing = await adopt_existing(fx, request.client_order_id, request.conditional)
    if existing is not None:
        return existing
    fx.commands.link_order(
        OrderLink(command.command_id, leg, request.client_order_id, request.conditional, None, fx.now()),
    )
    fx.failpoints.hit(AFTER_INTENT_COMMIT)
    for _ in range(fx.send_attempts):
        facts = await _send(fx, request)
        if facts is not None:
            fx.failpoints.hit(AFTER_SEND_BEFORE_ACK)
            return _adopt(fx, facts)
        # Absence proven after an unknown outcome: the same id may be sent again
    raise Unresolved(f"order {request.client_order_id}: outcome still unknown after {fx.send_attempts} sends")


async def adopt_existing(fx: Effects, client_order_id: str, conditional: bool) -> OrderFacts | None:
    """If an intent for this id was committed earlier, return the order it produced (None = proven never placed)."""
    if fx.commands.order_link(client_order_id) is None:
        return None
    found = await lookup(fx, client_order_id, conditional)
    return None if found is None else _adopt(fx, found)


async def lookup(fx: Effects, client_order_id: str, conditional: bool) -> OrderFacts | None:
    """The order with this client id, or None once its absence is proven; Unresolved if the exchange cannot say."""
    try:
        return await fx.gateway.query_order(fx.symbol, client_order_id, conditional)
    except (OutcomeUnknown, RateLimited) as error:
        raise Unresolved(f"order {client_order_id}: lookup failed ({error})") from error


async def _send(fx: Effects, request: OrderRequest) -> OrderFacts | None:
    """The order as placed or found; None = the send's outcome was unknown and the lookup proved it absent."""
    try:
        return await fx.gateway.place_order(request)
    except OutcomeUnknown:
        return await lookup(fx, request.client_order_id, request.conditional)
    except RateLimited as error:
        raise Unresolved(f"order {request.client_order_id}: rate limited before the send ({error})") from error
    except ExchangeRejected as error:
        if error.code != DUPLICATE_CLIENT_ORDER_ID:
            raise
        found = await lookup(fx, request.client_order_id, request.conditional)
        if found is None:
            raise Unresolved(f"order {request.client_order_id}: -4116 duplicate id, yet not found") from error
        return found


def _adopt(fx: Effects, facts: OrderFacts) -> OrderFacts:
    fx.commands.set_exchange_order_id(facts.client_order_id, facts.order_id)
    return facts
