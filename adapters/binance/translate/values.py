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
from typing import NoReturn

from adapters.binance.translate.errors import UnsupportedValue
from domain.values import OrderStatus, OrderType, Side, TimeInForce

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
    found = _SIDES.get(value)
    return _refuse(value, "side") if found is None else found


def order_type(value: str) -> OrderType:
    found = _ORDER_TYPES.get(value)
    return _refuse(value, "order type") if found is None else found


def time_in_force(value: str | None) -> TimeInForce | None:
    return _TIME_IN_FORCE.get(value or "")


def order_status(value: str) -> OrderStatus:
    found = _ORDER_STATUSES.get(value)
    return _refuse(value, "order status") if found is None else found


def algo_status(value: str) -> OrderStatus:
    found = _ALGO_STATUSES.get(value)
    return _refuse(value, "algo order status") if found is None else found


def price_or_none(value: Decimal | None) -> Decimal | None:
    """Binance writes "0" for "no price" (market orders, no trigger)."""
    return value if value else None


def _refuse(value: str, what: str) -> NoReturn:
    # One call only for a value the table lacks: the lookups above run for every order of the stream (B1)
    raise UnsupportedValue(f"{what} {value!r} has no domain equivalent")
