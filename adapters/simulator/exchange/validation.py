"""Request checks with Binance's codes: enum values, price/quantity grids, filters, client ids."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import Enum
from typing import TypeVar

from adapters.simulator import errors
from adapters.simulator.errors import BinanceError, SimError

from .amounts import decimals_of, is_multiple
from .orders import ALGO_TYPES, CONDITIONAL_TYPE_NAMES, WorkingType
from .symbols import SymbolSpec
from .vocabulary import ZERO, OrderType, Side, TimeInForce

CLIENT_ID = re.compile(r"^[\.A-Z\:/a-z0-9_-]{1,36}$")
E = TypeVar("E", bound=Enum)


def parse_side(value: str | Side) -> Side:
    return _parse(Side, value, errors.INVALID_SIDE)


def parse_regular_type(value: str | OrderType) -> OrderType:
    """MARKET or LIMIT; a conditional type is -4120 (it belongs to the algo API since 2025-12)."""
    # Any str enum counts by its value: a caller's own vocabulary speaks Binance's words too
    name = value.value if isinstance(value, Enum) else str(value)
    if name in CONDITIONAL_TYPE_NAMES:
        raise SimError(errors.ALGO_ORDER_TYPE_REQUIRED)
    order_type = _parse(OrderType, name, errors.INVALID_ORDER_TYPE)
    if order_type not in (OrderType.MARKET, OrderType.LIMIT):
        raise SimError(errors.INVALID_ORDER_TYPE)
    return order_type


def parse_algo_type(value: str | OrderType) -> OrderType:
    """STOP_MARKET or TAKE_PROFIT_MARKET: the conditional types this engine simulates."""
    order_type = _parse(OrderType, value, errors.INVALID_ORDER_TYPE)
    if order_type not in ALGO_TYPES:
        raise SimError(errors.INVALID_ORDER_TYPE)
    return order_type


def parse_time_in_force(value: str | TimeInForce | None, order_type: OrderType) -> TimeInForce:
    if order_type is OrderType.MARKET:
        return TimeInForce.GTC
    if value is None:
        raise SimError(errors.mandatory_param("timeInForce"))
    return _parse(TimeInForce, value, errors.INVALID_TIME_IN_FORCE)


def parse_working_type(value: str | WorkingType | None) -> WorkingType:
    if value is None:
        return WorkingType.CONTRACT_PRICE
    return _parse(WorkingType, value, errors.invalid_working_type(str(getattr(value, "value", value))))


def check_client_id(client_id: str) -> str:
    if not CLIENT_ID.match(client_id):
        raise SimError(errors.CLIENT_ORDER_ID_INVALID)
    return client_id


def check_price(spec: SymbolSpec, price: Decimal) -> Decimal:
    """-1111 beyond pricePrecision, then the PRICE_FILTER: > 0, ≥ minPrice, ≤ maxPrice, a tickSize multiple."""
    if decimals_of(price) > spec.price_precision:
        raise SimError(errors.BAD_PRECISION)
    if price <= ZERO:
        raise SimError(errors.PRICE_LESS_THAN_ZERO)
    if price < spec.min_price:
        raise SimError(errors.PRICE_LESS_THAN_MIN)
    if price > spec.max_price:
        raise SimError(errors.PRICE_GREATER_THAN_MAX)
    if not is_multiple(price, spec.tick_size):
        raise SimError(errors.PRICE_NOT_MULTIPLE_OF_TICK)
    return price


def check_quantity(spec: SymbolSpec, qty: Decimal, market: bool) -> Decimal:
    """> 0, -1111 beyond quantityPrecision, stepSize multiple, then LOT_SIZE (LIMIT) / MARKET_LOT_SIZE (MARKET)."""
    if qty <= ZERO:
        raise SimError(errors.QUANTITY_LESS_THAN_ZERO)
    if decimals_of(qty) > spec.quantity_precision:
        raise SimError(errors.BAD_PRECISION)
    if not is_multiple(qty, spec.step_size):
        raise SimError(errors.QUANTITY_NOT_MULTIPLE_OF_STEP)
    low, high = (spec.market_min_qty, spec.market_max_qty) if market else (spec.min_qty, spec.max_qty)
    if qty < low:
        raise SimError(errors.QUANTITY_LESS_THAN_MIN)
    if qty > high:
        raise SimError(errors.QUANTITY_GREATER_THAN_MAX)
    return qty


def check_notional(spec: SymbolSpec, qty: Decimal, price: Decimal) -> None:
    if qty * price < spec.min_notional:
        raise SimError(errors.min_notional(spec.min_notional))


def _parse(kind: type[E], value: object, error: BinanceError) -> E:
    try:
        return kind(value.value if isinstance(value, Enum) else value)
    except ValueError:
        raise SimError(error) from None
