"""Order and algo order structures (REST and WS name their fields alike) → the domain's OrderFacts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from adapters.binance.messages.algo_update import AlgoOrderUpdate
from adapters.binance.messages.order_trade_update import OrderUpdate
from adapters.binance.messages.rest_algo_order import RestAlgoOrder
from adapters.binance.messages.rest_order import RestOrder
from adapters.binance.translate import values
from adapters.binance.translate.constructors import constructor
from domain.client_order_ids import is_ours
from domain.events import OrderFacts
from domain.values import ZERO

Facts = TypeVar("Facts", bound=OrderFacts)


def regular_order_facts(
    kind: type[Facts],
    order: OrderUpdate | RestOrder,
    *,
    avg_price: Decimal,
    updated_at: datetime,
) -> Facts:
    """Raises UnsupportedValue for a side, type, status or time in force the domain cannot hold."""
    return constructor(kind)(
        client_order_id=order.client_order_id,
        order_id=order.order_id,
        conditional=False,
        side=values.side(order.side),
        order_type=values.order_type(order.order_type),
        quantity=order.quantity,
        price=values.price_or_none(order.price),
        trigger_price=values.price_or_none(order.stop_price),
        reduce_only=order.reduce_only,
        close_position=order.close_position,
        time_in_force=values.time_in_force(order.time_in_force),
        status=values.order_status(order.status),
        filled_qty=order.filled_qty,
        avg_price=avg_price,
        external=not is_ours(order.client_order_id),
        updated_at=updated_at,
    )


def algo_order_facts(kind: type[Facts], order: AlgoOrderUpdate | RestAlgoOrder, *, updated_at: datetime) -> Facts:
    """An algo (conditional) order, keyed by its algoId; raises UnsupportedValue like regular_order_facts."""
    return constructor(kind)(
        client_order_id=order.client_algo_id,
        order_id=order.algo_id,
        conditional=True,
        side=values.side(order.side),
        order_type=values.order_type(order.order_type),
        quantity=order.quantity or ZERO,
        price=values.price_or_none(order.price),
        trigger_price=values.price_or_none(order.trigger_price),
        reduce_only=order.reduce_only,
        close_position=order.close_position,
        time_in_force=values.time_in_force(order.time_in_force),
        status=values.algo_status(order.status),
        filled_qty=order.filled_qty or ZERO,
        avg_price=order.avg_price or ZERO,
        external=not is_ours(order.client_algo_id),
        updated_at=updated_at,
    )
