"""Deciding whether a new regular order is accepted (Binance's checks and codes) and building it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from adapters.simulator import errors
from adapters.simulator.errors import SimError

from .margin import Leg, require_margin
from .orders import Order
from .state import ExchangeState
from .validation import (
    check_client_id,
    check_notional,
    check_price,
    check_quantity,
    parse_regular_type,
    parse_side,
    parse_time_in_force,
)
from .vocabulary import ZERO, OrderStatus, OrderType, Side, TimeInForce


@dataclass(frozen=True)
class OrderRequest:
    """POST /fapi/v1/order as the engine takes it (enums may come as their Binance strings)."""

    symbol: str
    side: str | Side
    order_type: str | OrderType
    quantity: Decimal | None
    price: Decimal | None = None
    time_in_force: str | TimeInForce | None = None
    reduce_only: bool = False
    client_order_id: str | None = None
    by_hand: bool = False


def admit(state: ExchangeState, request: OrderRequest) -> Order:
    """Run every acceptance check (raising SimError) and return the NEW order, not yet stored or executed."""
    spec = state.spec(request.symbol)
    if state.hedge_mode:
        raise SimError(errors.POSITION_SIDE_MISMATCH)
    side = parse_side(request.side)
    order_type = parse_regular_type(request.order_type)
    tif = parse_time_in_force(request.time_in_force, order_type)
    if request.quantity is None:
        raise SimError(errors.mandatory_param("quantity"))
    state.quote(spec.symbol)  # raises until the market has priced the symbol
    price = _limit_price(state, request, order_type)
    qty = check_quantity(spec, request.quantity, market=order_type is OrderType.MARKET)
    if request.client_order_id is not None:
        _check_client_id(state, request.client_order_id)
    if len(state.orders.open(spec.symbol)) >= spec.max_open_orders:
        raise SimError(errors.MAX_OPEN_ORDERS)
    book = state.books[spec.symbol]
    reference = price if order_type is OrderType.LIMIT else book.best_price(side)
    _check_exposure(state, request, side, qty, reference)
    if tif is TimeInForce.FOK and book.available(side, price) < qty:
        raise SimError(errors.FOK_REJECTED)
    if tif is TimeInForce.GTX and book.crosses(side, price):
        raise SimError(errors.POST_ONLY_REJECTED)
    return _build(state, request, side, order_type, tif, qty, price)


def _limit_price(state: ExchangeState, request: OrderRequest, order_type: OrderType) -> Decimal:
    if order_type is OrderType.MARKET:
        if request.price is not None:
            raise SimError(errors.param_not_required("price"))
        return ZERO
    if request.price is None:
        raise SimError(errors.mandatory_param("price"))
    return check_price(state.spec(request.symbol), request.price)


def _check_client_id(state: ExchangeState, client_id: str) -> None:
    check_client_id(client_id)
    # Unique among OPEN orders only: the id of a filled or cancelled order may be used again (API.md §6)
    if state.orders.client_id_is_open(client_id):
        raise SimError(errors.DUPLICATE_CLIENT_ORDER_ID)


def _check_exposure(state: ExchangeState, request: OrderRequest, side: Side, qty: Decimal, reference: Decimal) -> None:
    if request.reduce_only:
        if state.account.position(request.symbol).reducible_by(side) == ZERO:
            raise SimError(errors.REDUCE_ONLY_REJECTED)
        return
    check_notional(state.spec(request.symbol), qty, reference)
    _check_bracket_cap(state, request.symbol, side, qty, reference)
    require_margin(state, Leg(request.symbol, side, qty, reference))


def _check_bracket_cap(state: ExchangeState, symbol: str, side: Side, qty: Decimal, reference: Decimal) -> None:
    """-2027 when the position and the open orders of the order's side, with it, pass the leverage's bracket cap."""
    position = state.account.position(symbol)
    mark = state.mark(symbol) or reference
    resting = sum((o.remaining * o.price for o in state.orders.open(symbol) if o.side is side), ZERO)
    exposure = abs(position.amount * mark + side.sign * (resting + qty * reference))
    if exposure > state.spec(symbol).max_notional_value(state.account.leverage(symbol)):
        raise SimError(errors.MAX_LEVERAGE_RATIO)


def _build(
    state: ExchangeState,
    request: OrderRequest,
    side: Side,
    order_type: OrderType,
    tif: TimeInForce,
    qty: Decimal,
    price: Decimal,
) -> Order:
    now = state.now()
    client_id = request.client_order_id
    if client_id is None:
        client_id = state.ids.web_client_id() if request.by_hand else state.ids.api_client_id()
    return Order(
        order_id=state.ids.order_id(),
        client_order_id=client_id,
        symbol=request.symbol,
        side=side,
        order_type=order_type,
        time_in_force=tif,
        orig_qty=qty,
        price=price,
        reduce_only=request.reduce_only,
        status=OrderStatus.NEW,
        time=now,
        update_time=now,
        by_hand=request.by_hand,
    )
