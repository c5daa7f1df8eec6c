"""Order responses (order, openOrder(s), allOrders) and algo order responses → OrderUpdated facts.

OrderUpdated is the neutral OrderFacts kind here: the reconciler decides whether a report is a placement.
Lists return the orders of the configured symbol plus a note for each order the domain cannot hold (e.g. a
hand-placed TRAILING_STOP_MARKET), so one such order never blinds a whole reconciliation pass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from adapters.binance.messages.base import load, load_list
from adapters.binance.messages.errors import MalformedPayload
from adapters.binance.messages.rest_algo_order import RestAlgoOrder
from adapters.binance.messages.rest_order import RestOrder
from adapters.binance.translate.errors import UnsupportedValue
from adapters.binance.translate.order_facts import algo_order_facts, regular_order_facts
from domain.events import OrderUpdated
from domain.values import ZERO, canonical

Listed = TypeVar("Listed", RestOrder, RestAlgoOrder)


@dataclass(frozen=True)
class OrderListing:
    orders: tuple[OrderUpdated, ...]
    unsupported: tuple[str, ...]


def order_from_rest(payload: Any, symbol: str) -> OrderUpdated | None:
    """One order object; None for another symbol; UnsupportedValue for an order type the domain lacks."""
    order = load(RestOrder, payload, "order")
    return _order_facts(order) if order.symbol == symbol else None


def orders_from_rest(payload: Any, symbol: str) -> OrderListing:
    rows = load_list(RestOrder, payload, "orders")
    return _listing(rows, symbol, _order_facts, lambda row: f"order {row.order_id}")


def algo_order_from_rest(payload: Any, symbol: str) -> OrderUpdated | None:
    order = load(RestAlgoOrder, payload, "algo order")
    return _algo_facts(order) if order.symbol == symbol else None


def algo_orders_from_rest(payload: Any, symbol: str) -> OrderListing:
    rows = load_list(RestAlgoOrder, payload, "algo orders")
    return _listing(rows, symbol, _algo_facts, lambda row: f"algo {row.algo_id}")


def _listing(
    rows: Sequence[Listed],
    symbol: str,
    build: Callable[[Listed], OrderUpdated],
    named: Callable[[Listed], str],
) -> OrderListing:
    orders, unsupported = [], []
    for row in rows:
        if row.symbol != symbol:
            continue
        try:
            orders.append(build(row))
        except UnsupportedValue as exc:
            unsupported.append(f"{named(row)}: {exc}")
    return OrderListing(tuple(orders), tuple(unsupported))


def _order_facts(order: RestOrder) -> OrderUpdated:
    updated_at = order.update_time or order.time
    if updated_at is None:
        raise MalformedPayload(f"order {order.order_id}: neither updateTime nor time is set")
    return regular_order_facts(OrderUpdated, order, avg_price=_average(order), updated_at=updated_at)


def _average(order: RestOrder) -> Decimal:
    # avgPrice is undocumented since 2026-07; cumQuote / executedQty gives the same number when only it is left
    if order.avg_price is not None:
        return order.avg_price
    filled, quote = order.filled_qty, order.cum_quote
    return canonical(quote / filled) if quote is not None and filled else ZERO


def _algo_facts(order: RestAlgoOrder) -> OrderUpdated:
    updated_at = order.update_time or order.create_time
    if updated_at is None:
        raise MalformedPayload(f"algo order {order.algo_id}: neither updateTime nor createTime is set")
    return algo_order_facts(OrderUpdated, order, updated_at=updated_at)
