"""Margin arithmetic: initial margin = notional / leverage, and the available-balance check (-2019).

available = cross wallet + Σ cross positions' (unrealized PnL − IM) − Σ open-order IM, over the symbols of one
margin asset: an isolated position's margin and PnL live in its isolated wallet, which the cross wallet already
excludes, while every open order's margin comes out of the cross wallet (ADR 0087). Position IM uses the mark
price. Open-order IM, per symbol, is the larger of the two sides' notionals that would grow the position (the part
of buys that only closes a short needs none), divided by the leverage. Reduce-only orders need no margin.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from adapters.simulator import errors
from adapters.simulator.errors import SimError

from .state import ExchangeState
from .vocabulary import ZERO, Side


@dataclass(frozen=True)
class Leg:
    """An order-to-be, priced where it would trade, counted with the open orders."""

    symbol: str
    side: Side
    qty: Decimal
    price: Decimal


@dataclass(frozen=True)
class Margins:
    position: Decimal
    open_orders: Decimal


def margins(state: ExchangeState, symbol: str, extra: Leg | None = None) -> Margins:
    leverage = Decimal(state.account.leverage(symbol))
    position = state.account.position(symbol)
    mark = state.mark(symbol) or position.entry_price
    legs = [(o.side, o.remaining, o.price) for o in state.orders.open(symbol) if not o.reduce_only and o.price]
    if extra is not None and extra.symbol == symbol:
        legs.append((extra.side, extra.qty, extra.price))
    buys = _growing_notional([(q, p) for s, q, p in legs if s is Side.BUY], max(ZERO, -position.amount))
    sells = _growing_notional([(q, p) for s, q, p in legs if s is Side.SELL], max(ZERO, position.amount))
    return Margins(abs(position.amount) * mark / leverage, max(buys, sells) / leverage)


def available_balance(state: ExchangeState, asset: str, extra: Leg | None = None) -> Decimal:
    available = state.account.cross_wallet(asset)
    for symbol, spec in state.specs.items():
        if spec.margin_asset != asset:
            continue
        used = margins(state, symbol, extra)
        available -= used.open_orders
        if not state.account.is_isolated(symbol):
            position = state.account.position(symbol)
            available += position.unrealized(state.mark(symbol) or position.entry_price) - used.position
    return available


def require_margin(state: ExchangeState, leg: Leg) -> None:
    """Refuse an order that raises the margin needed beyond the available balance; closing orders always pass."""
    before, after = margins(state, leg.symbol), margins(state, leg.symbol, leg)
    grows = after.open_orders > before.open_orders
    if grows and available_balance(state, state.spec(leg.symbol).margin_asset, leg) < ZERO:
        raise SimError(errors.MARGIN_INSUFFICIENT)


def _growing_notional(legs: list[tuple[Decimal, Decimal]], offset: Decimal) -> Decimal:
    qty = sum((q for q, _ in legs), ZERO)
    if qty == ZERO:
        return ZERO
    notional = sum((q * p for q, p in legs), ZERO)
    return notional * max(ZERO, qty - offset) / qty
