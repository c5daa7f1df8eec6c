"""Request checks with Binance's codes: enum values, price/quantity grids, filters, client ids."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import Enum
from typing import TypeVar

from domain.values import ZERO, OrderType, Side, TimeInForce

from . import errors
from .amounts import decimals_of, is_multiple
from .errors import SimError
from .orders import ALGO_TYPES, CONDITIONAL_TYPE_NAMES, WorkingType
from .symbols import SymbolSpec

CLIENT_ID = re.compile(r"^[\.A-Z\:/a-z0-9_-]{1,36}$")
E = TypeVar("E", bound=Enum)


def parse_side(value: str | Side) -> Side:
    return _parse(Side, value, errors.invalid_side())


def parse_regular_type(value: str | OrderType) -> OrderType:
    """MARKET or LIMIT; a conditional type is -4120 (it belongs to the algo API since 2025-12)."""
    name = value.value if isinstance(value, OrderType) else str(value)
    if name in CONDITIONAL_TYPE_NAMES:
        raise errors.use_algo_api()
    order_type = _parse(OrderType, name, errors.invalid_order_type())
    if order_type not in (OrderType.MARKET, OrderType.LIMIT):
        raise errors.invalid_order_type()
    return order_type


def parse_algo_type(value: str | OrderType) -> OrderType:
    """STOP_MARKET or TAKE_PROFIT_MARKET: the conditional types this engine simulates."""
    order_type = _parse(OrderType, value, errors.invalid_order_type())
    if order_type not in ALGO_TYPES:
        raise errors.invalid_order_type()
    return order_type


def parse_time_in_force(value: str | TimeInForce | None, order_type: OrderType) -> TimeInForce:
    if order_type is OrderType.MARKET:
        return TimeInForce.GTC
    if value is None:
        raise errors.mandatory_param("timeInForce")
    return _parse(TimeInForce, value, errors.invalid_tif())


def parse_working_type(value: str | WorkingType | None) -> WorkingType:
    if value is None:
        return WorkingType.CONTRACT_PRICE
    return _parse(WorkingType, value, errors.invalid_working_type(str(getattr(value, "value", value))))


def check_client_id(client_id: str) -> str:
    if not CLIENT_ID.match(client_id):
        raise errors.invalid_client_id()
    return client_id


def check_price(spec: SymbolSpec, price: Decimal) -> Decimal:
    """-1111 beyond pricePrecision, then the PRICE_FILTER: > 0, ≥ minPrice, ≤ maxPrice, a tickSize multiple."""
    if decimals_of(price) > spec.price_precision:
        raise errors.bad_precision()
    if price <= ZERO:
        raise errors.price_not_positive()
    if price < spec.min_price:
        raise errors.price_below_min()
    if price > spec.max_price:
        raise errors.price_above_max()
    if not is_multiple(price, spec.tick_size):
        raise errors.price_not_on_tick()
    return price


def check_quantity(spec: SymbolSpec, qty: Decimal, market: bool) -> Decimal:
    """> 0, -1111 beyond quantityPrecision, stepSize multiple, then LOT_SIZE (LIMIT) / MARKET_LOT_SIZE (MARKET)."""
    if qty <= ZERO:
        raise errors.quantity_not_positive()
    if decimals_of(qty) > spec.quantity_precision:
        raise errors.bad_precision()
    if not is_multiple(qty, spec.step_size):
        raise errors.quantity_not_on_step()
    low, high = (spec.market_min_qty, spec.market_max_qty) if market else (spec.min_qty, spec.max_qty)
    if qty < low:
        raise errors.quantity_below_min()
    if qty > high:
        raise errors.quantity_above_max()
    return qty


def check_notional(spec: SymbolSpec, qty: Decimal, price: Decimal) -> None:
    if qty * price < spec.min_notional:
        raise errors.min_notional(spec.min_notional)


def _parse(kind: type[E], value: object, error: SimError) -> E:
    try:
        return kind(value.value if isinstance(value, Enum) else value)
    except ValueError:
        raise error from None
