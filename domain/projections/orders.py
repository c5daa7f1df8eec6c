"""Order folds: an order is listed while open; a final status leaves a tombstone so it never reopens."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from domain.events import OrderFacts
from domain.projections.rows import ClosedOrder, OpenOrder


def after_order(
    current: OpenOrder | None,
    closed: ClosedOrder | None,
    facts: OrderFacts,
) -> tuple[OpenOrder | None, ClosedOrder | None]:
    """The (open row, tombstone) after this report; reports older than what is known change nothing."""
    if closed is not None:
        return None, _later_tombstone(closed, facts)
    if current is not None and _is_stale(current.filled_qty, current.updated_at, facts):
        return current, None
    if facts.status.is_open:
        return _open_row(facts), None
    return None, ClosedOrder(facts.order_key, facts.status, facts.filled_qty, facts.updated_at)


def _later_tombstone(closed: ClosedOrder, facts: OrderFacts) -> ClosedOrder:
    if facts.status.is_open or _is_stale(closed.filled_qty, closed.updated_at, facts):
        return closed
    # e.g. an algo order's TRIGGERED followed by FINISHED
    return ClosedOrder(facts.order_key, facts.status, facts.filled_qty, facts.updated_at)


def _is_stale(filled_qty: Decimal, updated_at: datetime, facts: OrderFacts) -> bool:
    # Fills only accumulate: a smaller filled quantity is an older report delivered late
    return facts.filled_qty < filled_qty or facts.updated_at < updated_at


def _open_row(facts: OrderFacts) -> OpenOrder:
    return OpenOrder(
        order_key=facts.order_key,
        client_order_id=facts.client_order_id,
        order_id=facts.order_id,
        conditional=facts.conditional,
        side=facts.side,
        order_type=facts.order_type,
        quantity=facts.quantity,
        price=facts.price,
        trigger_price=facts.trigger_price,
        reduce_only=facts.reduce_only,
        close_position=facts.close_position,
        time_in_force=facts.time_in_force,
        status=facts.status,
        filled_qty=facts.filled_qty,
        avg_price=facts.avg_price,
        external=facts.external,
        updated_at=facts.updated_at,
    )
