"""Binance enum strings and sentinel amounts → domain values; one table per vocabulary, so the mapping is reviewable.

Order types: every type Binance has today maps to a domain member (the bot places MARKET, LIMIT, STOP_MARKET and
TAKE_PROFIT_MARKET; the others can only come from orders placed by hand, which must be tracked all the same). A type
Binance adds later raises UnsupportedValue rather than being mislabelled.
Time in force: GTD and GTE_GTC (the system's TIF for close-position conditionals) have no domain member → None.
Statuses: NEW_INSURANCE / NEW_ADL (a liquidation order handed to the insurance fund / the ADL engine) are live orders
that the engine fills at once → NEW; their fills arrive as x=CALCULATED.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

from adapters.binance.translate.errors import UnsupportedValue
from domain.values import OrderStatus, OrderType, Side, TimeInForce

T = TypeVar("T")

_SIDES = {"BUY": Side.BUY, "SELL": Side.SELL}
_ORDER_TYPES = {t.value: t for t in OrderType}
_TIME_IN_FORCE = {t.value: t for t in TimeInForce}
_ORDER_STATUSES = {
    **{
        s: OrderStatus(s)
        for s in ("NEW", "PARTIALLY_FILLED", "FILLED", "CANCELED", "EXPIRED", "EXPIRED_IN_MATCH", "REJECTED")
    },
    "NEW_INSURANCE": OrderStatus.NEW,
    "NEW_ADL": OrderStatus.NEW,
}
_ALGO_STATUSES = {
    s: OrderStatus(s) for s in ("NEW", "TRIGGERING", "TRIGGERED", "FINISHED", "CANCELED", "REJECTED", "EXPIRED")
}


def side(value: str) -> Side:
    return _lookup(_SIDES, value, "side")


def order_type(value: str) -> OrderType:
    return _lookup(_ORDER_TYPES, value, "order type")


def time_in_force(value: str | None) -> TimeInForce | None:
    return _TIME_IN_FORCE.get(value or "")


def order_status(value: str) -> OrderStatus:
    return _lookup(_ORDER_STATUSES, value, "order status")


def algo_status(value: str) -> OrderStatus:
    return _lookup(_ALGO_STATUSES, value, "algo order status")


def price_or_none(value: Decimal | None) -> Decimal | None:
    """Binance writes "0" for "no price" (market orders, no trigger)."""
    return value if value else None


def _lookup(table: dict[str, T], value: str, what: str) -> T:
    found = table.get(value)
    if found is None:
        raise UnsupportedValue(f"{what} {value!r} has no domain equivalent")
    return found
