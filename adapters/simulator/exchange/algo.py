"""The Algo Service: conditional STOP_MARKET / TAKE_PROFIT_MARKET orders, their checks and their triggering.

Life cycle (ALGO_UPDATE X): NEW → TRIGGERING → TRIGGERED (a MARKET order is placed; its orderId is the
algo's `ai`) → FINISHED (`aq`/`ap` = that order's fill). The MARKET order takes the algo's clientAlgoId as its
clientOrderId (assumption: the captures do not show it), ot = the algo type, sp = the trigger price.
A reduce-only / closePosition algo whose position is already flat when it fires still goes TRIGGERED, its
MARKET order expires unfilled (er=4) and the algo ends FINISHED with aq=0, as `ws_algo_update_finished_not_filled`
shows. If the margin check fails at trigger time the algo ends REJECTED with `rm` = the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Unpack

from adapters.simulator import errors
from adapters.simulator.errors import SimError

from . import announce
from .margin import Leg, require_margin
from .matching import execute
from .orders import AlgoOrder, AlgoProgress, Order, WorkingType
from .state import ExchangeState
from .validation import (
    check_client_id,
    check_notional,
    check_price,
    check_quantity,
    parse_algo_type,
    parse_side,
    parse_working_type,
)
from .vocabulary import ZERO, OrderStatus, OrderType, Side, TimeInForce


@dataclass(frozen=True)
class AlgoRequest:
    """POST /fapi/v1/algoOrder (algoType=CONDITIONAL) as the engine takes it."""

    symbol: str
    side: str | Side
    order_type: str | OrderType
    trigger_price: Decimal | None
    quantity: Decimal | None = None
    close_position: bool = False
    reduce_only: bool = False
    working_type: str | WorkingType | None = None
    client_algo_id: str | None = None
    price_protect: bool = False
    by_hand: bool = False


def place_algo(state: ExchangeState, request: AlgoRequest) -> AlgoOrder:
    """Run the Algo Service's checks (raising SimError), then store and announce the NEW algo order."""
    algo = _admit(state, request)
    state.algos.add(algo)
    announce.algo_update(state, algo, algo.create_time)
    return algo


def _admit(state: ExchangeState, request: AlgoRequest) -> AlgoOrder:
    spec = state.spec(request.symbol)
    if state.hedge_mode:
        raise SimError(errors.POSITION_SIDE_MISMATCH)
    if request.trigger_price is None:
        raise SimError(errors.mandatory_param("triggerPrice"))
    now = state.now()
    draft = AlgoOrder(
        algo_id=0,
        client_algo_id="",
        symbol=spec.symbol,
        side=parse_side(request.side),
        order_type=parse_algo_type(request.order_type),
        quantity=_quantity(state, request),
        trigger_price=check_price(spec, request.trigger_price),
        working_type=parse_working_type(request.working_type),
        close_position=request.close_position,
        reduce_only=request.reduce_only,
        status=OrderStatus.NEW,
        create_time=now,
        update_time=now,
        by_hand=request.by_hand,
        price_protect=request.price_protect,
    )
    _check_capacity(state, request, draft)
    if draft.is_triggered_by(_watched_price(state, draft)):
        raise SimError(errors.ORDER_WOULD_IMMEDIATELY_TRIGGER)
    client_id = request.client_algo_id or _new_client_id(state, request)
    return replace(draft, algo_id=state.ids.algo_id(), client_algo_id=client_id)


def _check_capacity(state: ExchangeState, request: AlgoRequest, draft: AlgoOrder) -> None:
    spec = state.spec(draft.symbol)
    if request.client_algo_id is not None:
        check_client_id(request.client_algo_id)
        if state.algos.client_id_is_open(request.client_algo_id):
            raise SimError(errors.DUPLICATE_CLIENT_ORDER_ID)
    if len(state.algos.open(spec.symbol)) >= spec.max_algo_orders:
        raise SimError(errors.MAX_STOP_ORDERS)
    if not (draft.reduce_only or draft.close_position):
        check_notional(spec, draft.quantity, draft.trigger_price)


def fire_triggered(state: ExchangeState, symbol: str) -> None:
    """Fire, oldest first, every open algo order of `symbol` whose watched price crossed its trigger."""
    for algo in state.algos.open(symbol):
        if algo.is_triggered_by(_watched_price(state, algo)):
            _fire(state, algo)


def cancel_algo(state: ExchangeState, algo: AlgoOrder) -> AlgoOrder:
    algo = state.algos.replace(algo.moved_to(OrderStatus.CANCELED, state.now()))
    announce.algo_update(state, algo, algo.update_time)
    return algo


def _fire(state: ExchangeState, algo: AlgoOrder) -> None:
    now = state.now()
    algo = _move(state, algo, OrderStatus.TRIGGERING, trigger_time=now)
    try:
        order = _triggered_order(state, algo)
    except SimError as rejection:
        _move(state, algo, OrderStatus.REJECTED, reject_reason=rejection.msg)
        return
    state.orders.add(order)
    algo = _move(state, algo, OrderStatus.TRIGGERED, actual_order_id=order.order_id, actual_order_type="MARKET")
    order = execute(state, order)
    _move(state, algo, OrderStatus.FINISHED, actual_price=order.avg_price, executed_qty=order.executed_qty)


def _triggered_order(state: ExchangeState, algo: AlgoOrder) -> Order:
    reducing = algo.reduce_only or algo.close_position
    position = state.account.position(algo.symbol)
    qty = position.reducible_by(algo.side) if algo.close_position else algo.quantity
    if not reducing:
        require_margin(state, Leg(algo.symbol, algo.side, qty, state.books[algo.symbol].best_price(algo.side)))
    now = state.now()
    return Order(
        order_id=state.ids.order_id(),
        client_order_id=algo.client_algo_id,
        symbol=algo.symbol,
        side=algo.side,
        order_type=OrderType.MARKET,
        time_in_force=TimeInForce.GTC,
        orig_qty=qty,
        price=ZERO,
        reduce_only=reducing,
        status=OrderStatus.NEW,
        time=now,
        update_time=now,
        by_hand=algo.by_hand,
        orig_type=algo.order_type,
        stop_price=algo.trigger_price,
        working_type=algo.working_type,
        close_position=algo.close_position,
        price_protect=algo.price_protect,
        algo_id=algo.algo_id,
    )


def _move(state: ExchangeState, algo: AlgoOrder, status: OrderStatus, **changes: Unpack[AlgoProgress]) -> AlgoOrder:
    algo = state.algos.replace(algo.moved_to(status, state.now(), **changes))
    announce.algo_update(state, algo, algo.update_time)
    return algo


def _quantity(state: ExchangeState, request: AlgoRequest) -> Decimal:
    spec = state.spec(request.symbol)
    if request.close_position:
        if request.quantity is not None:
            raise SimError(errors.QUANTITY_WITH_CLOSE_POSITION)
        if request.reduce_only:
            raise SimError(errors.param_not_required("reduceOnly"))
        return ZERO
    if request.quantity is None:
        raise SimError(errors.mandatory_param("quantity"))
    return check_quantity(spec, request.quantity, market=True)


def _watched_price(state: ExchangeState, algo: AlgoOrder) -> Decimal:
    quote = state.quote(algo.symbol)
    return quote.mark if algo.working_type is WorkingType.MARK_PRICE else quote.last


def _new_client_id(state: ExchangeState, request: AlgoRequest) -> str:
    return state.ids.web_client_id() if request.by_hand else state.ids.api_client_id()
