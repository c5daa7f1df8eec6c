"""Running orders against the synthetic book: takers at acceptance, resting LIMITs as makers on price updates.

A resting BUY at P fills when the last price is at or below P (a SELL: at or above), at P, by at most one
seeded level size per price update, so large orders fill over several updates (PARTIALLY_FILLED).
A reduce-only order fills at most what reduces the position; once nothing is left to reduce it expires (er=4).
"""

from __future__ import annotations

from decimal import Decimal

from . import announce
from .amounts import ceil_to, floor_to
from .events import ExecutionType
from .fills import apply_fill
from .orders import ExpiryReason, Order
from .state import ExchangeState
from .vocabulary import ZERO, OrderStatus, OrderType, Side, TimeInForce


def execute(state: ExchangeState, order: Order) -> Order:
    """Announce a just-accepted order and run it: take what it can, then rest (GTC) or expire the rest."""
    announce.order_update(state, order, ExecutionType.NEW, state.now())
    limit = order.price if order.order_type is OrderType.LIMIT else _take_bound(state, order)
    order = _take(state, order, limit)
    if not order.is_open:
        return order
    if order.order_type is OrderType.MARKET:
        blocked = order.reduce_only and _fillable(state, order) == ZERO
        return expire(state, order, ExpiryReason.REDUCE_ONLY if blocked else ExpiryReason.MARKET_NOT_FILLED)
    if order.time_in_force is TimeInForce.IOC:
        return expire(state, order, ExpiryReason.IOC_REMAINDER)
    return order


def fill_resting(state: ExchangeState, symbol: str) -> None:
    """Give resting LIMIT orders the last price touched their maker fills, best price then oldest first."""
    last = state.quote(symbol).last
    book = state.books[symbol]
    touched = [o for o in state.orders.open(symbol) if o.order_type is OrderType.LIMIT and _touched(o, last)]
    touched.sort(key=lambda o: (-o.price * o.side.sign, o.order_id))
    for stale in touched:
        order = state.orders.get(stale.order_id)
        if order is None or not order.is_open:
            continue
        qty = min(_fillable(state, order), book.maker_volume())
        if qty > ZERO:
            apply_fill(state, order, qty, order.price, maker=True)
        knock_out_reduce_only(state, symbol)


def cancel(state: ExchangeState, order: Order) -> Order:
    order = state.orders.replace(order.closed(OrderStatus.CANCELED, state.now()))
    announce.order_update(state, order, ExecutionType.CANCELED, order.update_time)
    return order


def expire(state: ExchangeState, order: Order, reason: ExpiryReason) -> Order:
    order = state.orders.replace(order.closed(OrderStatus.EXPIRED, state.now(), reason))
    announce.order_update(state, order, ExecutionType.EXPIRED, order.update_time)
    return order


def knock_out_reduce_only(state: ExchangeState, symbol: str) -> None:
    """Expire open reduce-only orders that can no longer reduce (position flat or now on their side)."""
    position = state.account.position(symbol)
    for order in state.orders.open(symbol):
        if order.reduce_only and position.reducible_by(order.side) == ZERO:
            expire(state, order, ExpiryReason.REDUCE_ONLY)


def _take(state: ExchangeState, order: Order, limit: Decimal | None) -> Order:
    wanted = _fillable(state, order)
    for level in state.books[order.symbol].take(order.side, wanted, limit):
        order = apply_fill(state, order, level.qty, level.price, maker=False)
    if wanted:
        knock_out_reduce_only(state, order.symbol)
    return state.orders.get(order.order_id) or order


def _take_bound(state: ExchangeState, order: Order) -> Decimal:
    """The furthest price a MARKET order may reach (marketTakeBound from the mark); the rest expires."""
    spec, mark = state.spec(order.symbol), state.quote(order.symbol).mark
    bound = mark * (1 + order.side.sign * spec.market_take_bound)
    return floor_to(bound, spec.tick_size) if order.side is Side.BUY else ceil_to(bound, spec.tick_size)


def _fillable(state: ExchangeState, order: Order) -> Decimal:
    if not order.reduce_only:
        return order.remaining
    return min(order.remaining, state.account.position(order.symbol).reducible_by(order.side))


def _touched(order: Order, last: Decimal) -> bool:
    return last <= order.price if order.side is Side.BUY else last >= order.price
