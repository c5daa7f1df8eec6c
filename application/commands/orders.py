"""CancelOrder, CancelAll and ClosePosition: taking orders and exposure off the exchange."""

from __future__ import annotations

from decimal import Decimal

from application.commands.absence import abandon
from application.commands.effects import CommandFailure, Effects
from application.commands.placement import lookup
from application.commands.reduction import MAX_ROUNDS, reduce_in_rounds
from domain.codec import Record
from domain.commands import CancelAll, CancelOrder, ClosePosition, Command
from domain.values import ZERO

CLOSE = "close"


async def cancel_order(fx: Effects, command: Command, payload: CancelOrder) -> Record:
    facts = await fx.gateway.cancel_order(fx.symbol, payload.client_order_id, payload.conditional)
    if facts is None:
        # Already closed or never there: success for a cancel; record its final state if it exists
        facts = await lookup(fx, payload.client_order_id, payload.conditional)
    if facts is not None:
        fx.record_update(command, facts)
        return {"client_order_id": payload.client_order_id, "status": facts.status.value}
    # Nothing to cancel: an operator's word settles an intent whose outcome is unknown (ADR 0048)
    result: Record = {"client_order_id": payload.client_order_id, "status": None}
    if abandon(fx, command, payload.client_order_id):
        result["settled_unknown"] = True
    return result


async def cancel_all(fx: Effects, command: Command, payload: CancelAll | None = None) -> Record:
    """Cancel every open regular and algo order, then record each one's final state."""
    before = await fx.gateway.open_orders(fx.symbol)
    await fx.gateway.cancel_all(fx.symbol)
    for order in before:
        after = await lookup(fx, order.client_order_id, order.conditional)
        if after is not None:
            fx.record_update(command, after)
    return {"canceled": len(before)}


async def close_position(fx: Effects, command: Command, payload: ClosePosition) -> Record:
    """Cancel all open orders, then reduce-only market orders until the position is flat (none if already flat)."""
    result = await cancel_all(fx, command)

    async def position_left(_: Decimal) -> Decimal:
        return (await fx.gateway.position(fx.symbol)).quantity

    closed, left = await reduce_in_rounds(fx, command, CLOSE, position_left)
    if left != ZERO:
        raise CommandFailure(f"position still {left} after {MAX_ROUNDS} reduce-only market orders closed {closed}")
    return {**result, "closed_qty": str(closed)}
