"""Applying one fill: position and realized PnL, commission, wallet, trade and income records, then its events.

commission = price × qty × rate (maker or taker) in the margin asset, truncated to 8 decimals: Binance prints
fees truncated (0.53320 × 20 × 0.0002 shows as "0.00213279", a float artefact we do not copy: Decimal gives
0.00213280). wallet += realizedPnl − commission. Income: REALIZED_PNL only when non-zero, COMMISSION as a
negative amount; both carry the trade id and each its own tranId.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from . import announce
from .account import apply_trade
from .amounts import money
from .isolated import settle_fill
from .ledger import IncomeRow, IncomeType, Trade
from .orders import Order
from .state import ExchangeState
from .vocabulary import ZERO


def apply_fill(state: ExchangeState, order: Order, qty: Decimal, price: Decimal, *, maker: bool) -> Order:
    """Book one trade of `order` and announce it; returns the order's new snapshot."""
    order, trade = book_fill(state, order, qty, price, maker=maker)
    announce.fill(state, order, trade, trade.time)
    return order


def book_fill(
    state: ExchangeState, order: Order, qty: Decimal, price: Decimal, *, maker: bool, liquidation: bool = False
) -> tuple[Order, Trade]:
    """Book one trade of `order` without announcing it: position, wallet, trade and income; (new snapshot, trade).
    A liquidation's fill leaves an isolated wallet in place for the clearance (isolated.settle_fill)."""
    if qty <= ZERO or qty > order.remaining:
        raise ValueError(f"cannot fill {qty} of order {order.order_id}: {order.remaining} remains")
    now = state.now()
    spec = state.spec(order.symbol)
    before = state.account.position(order.symbol)
    position, realized = apply_trade(before, order.side, qty, price)
    state.account.set_position(replace(position, update_time=now))
    commission = money(price * qty * (spec.maker_rate if maker else spec.taker_rate))
    state.account.credit(spec.margin_asset, realized - commission, now)
    settle_fill(state, before, position, price, realized - commission, release=not liquidation)
    trade = Trade(
        trade_id=state.ids.trade_id(),
        symbol=order.symbol,
        order_id=order.order_id,
        client_order_id=order.client_order_id,
        side=order.side,
        price=price,
        qty=qty,
        realized_pnl=realized,
        commission=commission,
        commission_asset=spec.margin_asset,
        margin_asset=spec.margin_asset,
        time=now,
        maker=maker,
        by_hand=order.by_hand,
    )
    state.ledger.add_trade(trade)
    _record_income(state, trade)
    return state.orders.replace(order.with_fill(qty, price, now)), trade


def _record_income(state: ExchangeState, trade: Trade) -> None:
    if trade.realized_pnl != ZERO:
        _income(state, trade, IncomeType.REALIZED_PNL, trade.realized_pnl)
    if trade.commission != ZERO:
        _income(state, trade, IncomeType.COMMISSION, -trade.commission)


def _income(state: ExchangeState, trade: Trade, kind: IncomeType, amount: Decimal) -> None:
    state.ledger.add_income(
        IncomeRow(
            tran_id=state.ids.tran_id(),
            symbol=trade.symbol,
            income_type=kind,
            income=amount,
            asset=trade.margin_asset,
            time=trade.time,
            trade_id=trade.trade_id,
        )
    )
