"""Builds and emits the user-data events of each engine change, in the order real captures show."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict, Unpack

from .amounts import money
from .events import (
    AccountConfigUpdate,
    AccountUpdate,
    AlgoUpdate,
    BalanceChange,
    ExecutionType,
    MarginCall,
    MarginCallPosition,
    OrderTradeUpdate,
    PositionChange,
    TradeLite,
    UpdateReason,
)
from .ledger import Trade
from .maintenance import position_maintenance
from .orders import AlgoOrder, Order
from .state import ExchangeState
from .vocabulary import Side


def order_update(state: ExchangeState, order: Order, execution: ExecutionType, now: int) -> None:
    """ORDER_TRADE_UPDATE without a trade (NEW, CANCELED, EXPIRED)."""
    state.events.emit(_order_event(state, order, execution, now))


def fill(state: ExchangeState, order: Order, trade: Trade, now: int) -> None:
    """TRADE_LITE, ACCOUNT_UPDATE (m=ORDER), ORDER_TRADE_UPDATE x=TRADE: `ws_sequence_limit_fill_2026.json`."""
    state.events.emit(
        TradeLite(
            event_time=now,
            transaction_time=now,
            symbol=order.symbol,
            orig_qty=order.orig_qty,
            price=order.price,
            is_maker=trade.maker,
            client_order_id=order.client_order_id,
            side=order.side,
            last_price=trade.price,
            last_qty=trade.qty,
            trade_id=trade.trade_id,
            order_id=order.order_id,
        )
    )
    state.events.emit(account_after_order(state, order.symbol, now))
    state.events.emit(
        _order_event(
            state,
            order,
            ExecutionType.TRADE,
            now,
            last_filled_qty=trade.qty,
            last_filled_price=trade.price,
            commission=trade.commission,
            trade_id=trade.trade_id,
            is_maker=trade.maker,
            realized_profit=trade.realized_pnl,
        )
    )


def liquidation_fill(state: ExchangeState, order: Order, trade: Trade, now: int) -> None:
    """ACCOUNT_UPDATE (m=ORDER), then ORDER_TRADE_UPDATE x=CALCULATED; no TRADE_LITE (Binance sends it for x=TRADE)."""
    state.events.emit(account_after_order(state, order.symbol, now))
    state.events.emit(
        _order_event(
            state,
            order,
            ExecutionType.CALCULATED,
            now,
            last_filled_qty=trade.qty,
            last_filled_price=trade.price,
            commission=trade.commission,
            trade_id=trade.trade_id,
            is_maker=trade.maker,
            realized_profit=trade.realized_pnl,
        )
    )


def insurance_clear(state: ExchangeState, asset: str, amount: Decimal, now: int) -> None:
    """The clearance fee (or the insurance fund's top-up): the balance only, `bc` = the amount, like FUNDING_FEE."""
    balance_only(state, asset, amount, UpdateReason.INSURANCE_CLEAR, now)


def balance_only(state: ExchangeState, asset: str, amount: Decimal, reason: UpdateReason, now: int) -> None:
    """A change of the wallet alone (a transfer in or out): `bc` = the amount, `P` empty, as the 2026 captures show."""
    state.events.emit(AccountUpdate(now, now, reason, (_balance(state, asset, amount),), ()))


def margin_call(state: ExchangeState, asset: str, now: int) -> None:
    """MARGIN_CALL with every position of the asset's account (ws_margin_call_docs_example)."""
    rows = []
    for symbol, spec in state.specs.items():
        position = state.account.position(symbol)
        if spec.margin_asset != asset or not position.amount or state.account.is_isolated(symbol):
            continue
        mark = state.mark(symbol) or position.entry_price
        rows.append(
            MarginCallPosition(
                symbol, position.amount, mark, position.unrealized(mark), money(position_maintenance(state, symbol))
            )
        )
    state.events.emit(MarginCall(now, state.account.cross_wallet(asset), tuple(rows)))


def account_after_order(state: ExchangeState, symbol: str, now: int) -> AccountUpdate:
    spec = state.spec(symbol)
    # bc excludes PnL and commission, so a fill always shows 0 (fixture ws_account_update_order_fill_cross_2026)
    balance = _balance(state, spec.margin_asset, Decimal(0))
    return AccountUpdate(now, now, UpdateReason.ORDER, (balance,), (position_change(state, symbol),))


def _balance(state: ExchangeState, asset: str, change: Decimal) -> BalanceChange:
    """A `B` row: `cw` is the wallet less the isolated wallets (ws_account_update_isolated_short_open_2021)."""
    return BalanceChange(asset, state.account.wallet(asset), state.account.cross_wallet(asset), change)


def position_change(state: ExchangeState, symbol: str) -> PositionChange:
    spec = state.spec(symbol)
    position = state.account.position(symbol)
    mark = state.mark(symbol)
    return PositionChange(
        symbol=symbol,
        position_amount=position.amount,
        entry_price=position.entry_price,
        break_even_price=position.break_even(spec.taker_rate),
        accumulated_realized=position.accumulated_realized,
        unrealized_pnl=position.unrealized(mark if mark is not None else position.entry_price),
        margin_asset=spec.margin_asset,
        margin_type="isolated" if state.account.is_isolated(symbol) else "cross",
        isolated_wallet=state.account.isolated_wallet(symbol),
    )


def funding(state: ExchangeState, symbol: str, amount: Decimal, now: int) -> None:
    """Cross margin: only the balance, `P` empty (fixture ws_account_update_funding_fee_cross_2026); an isolated
    position adds itself as the only `P` row (API.md §7)."""
    balance = _balance(state, state.spec(symbol).margin_asset, amount)
    positions = (position_change(state, symbol),) if state.account.is_isolated(symbol) else ()
    state.events.emit(AccountUpdate(now, now, UpdateReason.FUNDING_FEE, (balance,), positions, symbol=symbol))


def algo_update(state: ExchangeState, algo: AlgoOrder, now: int) -> None:
    state.events.emit(AlgoUpdate(now, now, algo))


def leverage_update(state: ExchangeState, symbol: str, leverage: int, now: int) -> None:
    state.events.emit(AccountConfigUpdate(now, now, symbol, leverage))


class _Fill(TypedDict, total=False):
    """The execution fields of an ORDER_TRADE_UPDATE that reports a trade."""

    last_filled_qty: Decimal
    last_filled_price: Decimal
    commission: Decimal
    trade_id: int
    is_maker: bool
    realized_profit: Decimal


def _order_event(
    state: ExchangeState, order: Order, execution: ExecutionType, now: int, **fill: Unpack[_Fill]
) -> OrderTradeUpdate:
    return OrderTradeUpdate(
        event_time=now,
        transaction_time=now,
        order=order,
        execution_type=execution,
        commission_asset=state.spec(order.symbol).margin_asset,
        bids_notional=state.orders.open_notional(order.symbol, Side.BUY),
        asks_notional=state.orders.open_notional(order.symbol, Side.SELL),
        **fill,
    )
