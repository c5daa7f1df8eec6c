"""Order responses (order, openOrder(s), allOrders) and algo order responses → OrderUpdated facts.

OrderUpdated is the neutral OrderFacts kind here: the reconciler decides whether a report is a placement.
Lists return the orders of the configured symbol plus a note for each order the domain cannot hold (e.g. a
hand-placed TRAILING_STOP_MARKET), so one such order never blinds a whole reconciliation pass.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from adapters.binance.schemas.base import load, load_list
from adapters.binance.schemas.errors import MalformedPayload
from adapters.binance.schemas.rest_orders import RestAlgoOrderSchema, RestOrderSchema
from adapters.binance.translate.errors import UnsupportedValue
from adapters.binance.translate.order_facts import algo_order_facts, regular_order_facts
from domain.events import OrderUpdated
from domain.values import ZERO, canonical


@dataclass(frozen=True)
class OrderListing:
    orders: tuple[OrderUpdated, ...]
    unsupported: tuple[str, ...]


def order_from_rest(payload: Any, symbol: str) -> OrderUpdated | None:
    """One order object; None for another symbol; UnsupportedValue for an order type the domain lacks."""
    order = load(RestOrderSchema, payload, "order")
    return _order_facts(order) if order["symbol"] == symbol else None


def orders_from_rest(payload: Any, symbol: str) -> OrderListing:
    return _listing(load_list(RestOrderSchema, payload, "orders"), symbol, _order_facts, "order_id")


def algo_order_from_rest(payload: Any, symbol: str) -> OrderUpdated | None:
    order = load(RestAlgoOrderSchema, payload, "algo order")
    return _algo_facts(order) if order["symbol"] == symbol else None


def algo_orders_from_rest(payload: Any, symbol: str) -> OrderListing:
    return _listing(load_list(RestAlgoOrderSchema, payload, "algo orders"), symbol, _algo_facts, "algo_id")


def _listing(
    rows: list[dict[str, Any]], symbol: str, build: Callable[[dict[str, Any]], OrderUpdated], id_field: str,
) -> OrderListing:
    orders, unsupported = [], []
    for row in rows:
        if row["symbol"] != symbol:
            continue
        try:
            orders.append(build(row))
        except UnsupportedValue as exc:
            unsupported.append(f"{id_field.removesuffix('_id')} {row[id_field]}: {exc}")
    return OrderListing(tuple(orders), tuple(unsupported))


def _order_facts(order: dict[str, Any]) -> OrderUpdated:
    updated_at = order["update_time"] or order["time"]
    if updated_at is None:
        raise MalformedPayload(f"order {order['order_id']}: neither updateTime nor time is set")
    return regular_order_facts(OrderUpdated, order, avg_price=_average(order), updated_at=updated_at)


def _average(order: Mapping[str, Any]) -> Decimal:
    # avgPrice is undocumented since 2026-07; cumQuote / executedQty gives the same number when only it is left
    average: Decimal | None = order["avg_price"]
    if average is not None:
        return average
    filled, quote = order["filled_qty"], order["cum_quote"]
    return canonical(quote / filled) if quote is not None and filled else ZERO


def _algo_facts(order: dict[str, Any]) -> OrderUpdated:
    updated_at = order["update_time"] or order["create_time"]
    if updated_at is None:
        raise MalformedPayload(f"algo order {order['algo_id']}: neither updateTime nor createTime is set")
    return algo_order_facts(OrderUpdated, order, updated_at=updated_at)
