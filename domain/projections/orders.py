"""Open-orders fold: an order is listed while its status is open, regular and conditional alike."""

from __future__ import annotations

from domain.events import OrderFacts
from domain.projections.rows import OpenOrder


def after_order(current: OpenOrder | None, facts: OrderFacts) -> OpenOrder | None:
    """The row after this report; None = not open. A report older than the row is ignored."""
    if current is not None and _is_stale(current, facts):
        return current
    if not facts.status.is_open:
        return None
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


def _is_stale(current: OpenOrder, facts: OrderFacts) -> bool:
    # Fills only accumulate: a smaller filled quantity is an older report delivered late
    return facts.filled_qty < current.filled_qty or facts.updated_at < current.updated_at
