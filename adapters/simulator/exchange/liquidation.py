"""Liquidation (ADR 0037): an account the maintenance-margin model finds due loses its open orders and its positions.

As Binance's Event-Order-Update page and the capture `ws_order_trade_update_liquidation_calculated_synthetic` show:
1. every open order of the margin asset's symbols expires: regular ones x=EXPIRED with er=5 ("expired when the
   account was liquidated"), algo ones ALGO_UPDATE X=EXPIRED;
2. each position is closed by a reduce-only IOC LIMIT order `autoclose-<ms>` priced at the bankruptcy price: its
   ORDER_TRADE_UPDATE x=NEW, then one fill announced as ACCOUNT_UPDATE (m=ORDER) and ORDER_TRADE_UPDATE
   x=CALCULATED X=FILLED, with no TRADE_LITE (Binance pushes that for x=TRADE only);
3. the liquidation clearance fee, `liquidationFee` × the notional liquidated but never more than the wallet holds,
   leaves as an INSURANCE_CLEAR income row with an ACCOUNT_UPDATE m=INSURANCE_CLEAR (balance only, `bc` = the
   amount); a wallet the fill left negative is topped back up to 0 the same way, by a positive row.
An isolated position (ADR 0087) is liquidated alone when its isolated margin reaches its maintenance margin: only
its symbol's open orders expire, and the clearance takes what is left of its isolated wallet (or tops a negative one
up to 0), so the cross wallet and the cross positions are untouched; a cross liquidation leaves isolated ones alone.
Simplifications: the whole position goes in one trade (no partial "smart" liquidation), at the mark, or at the
bankruptcy price when the mark is already past it; the trade pays the taker commission, as the capture's n shows.
"""

from __future__ import annotations

from decimal import Decimal

from . import announce
from .amounts import ceil_to, floor_to, money
from .events import ExecutionType
from .fills import book_fill
from .ledger import IncomeRow, IncomeType, Trade
from .maintenance import bankruptcy_price, is_due, isolated_is_due
from .matching import expire
from .orders import ExpiryReason, Order
from .state import ExchangeState
from .vocabulary import ZERO, OrderStatus, OrderType, Side, TimeInForce

CLIENT_ID_PREFIX = "autoclose-"


def liquidate_if_due(state: ExchangeState, symbol: str) -> None:
    """Liquidate `symbol`'s isolated position, then the cross account of its margin asset, if due at the marks."""
    if isolated_is_due(state, symbol):
        _expire_open_orders(state, symbol)
        _close(state, symbol)
    asset = state.spec(symbol).margin_asset
    if is_due(state, asset):
        liquidate(state, asset)


def liquidate(state: ExchangeState, asset: str) -> None:
    symbols = [
        symbol
        for symbol, spec in state.specs.items()
        if spec.margin_asset == asset and not state.account.is_isolated(symbol)
    ]
    for symbol in symbols:
        _expire_open_orders(state, symbol)
    for symbol in symbols:
        if state.account.position(symbol).amount:
            _close(state, symbol)


def _expire_open_orders(state: ExchangeState, symbol: str) -> None:
    for order in state.orders.open(symbol):
        expire(state, order, ExpiryReason.LIQUIDATION)
    for algo in state.algos.open(symbol):
        expired = state.algos.replace(algo.moved_to(OrderStatus.EXPIRED, state.now()))
        announce.algo_update(state, expired, expired.update_time)


def _close(state: ExchangeState, symbol: str) -> None:
    order = _autoclose_order(state, symbol)
    state.orders.add(order)
    announce.order_update(state, order, ExecutionType.NEW, order.time)
    order, trade = book_fill(state, order, order.orig_qty, _fill_price(state, order), maker=False, liquidation=True)
    announce.liquidation_fill(state, order, trade, trade.time)
    _clear(state, trade)


def _autoclose_order(state: ExchangeState, symbol: str) -> Order:
    spec, position, now = state.spec(symbol), state.account.position(symbol), state.now()
    side = Side.SELL if position.amount > ZERO else Side.BUY
    exact = bankruptcy_price(state, symbol)
    # On the tick grid, rounded in the account's favour: a fill there never takes the margin balance below 0
    rounded = ceil_to(exact, spec.tick_size) if side is Side.SELL else floor_to(exact, spec.tick_size)
    price = max(spec.tick_size, rounded)
    return Order(
        order_id=state.ids.order_id(),
        client_order_id=f"{CLIENT_ID_PREFIX}{now}",
        symbol=symbol,
        side=side,
        order_type=OrderType.LIMIT,
        time_in_force=TimeInForce.IOC,
        orig_qty=abs(position.amount),
        price=price,
        reduce_only=True,
        status=OrderStatus.NEW,
        time=now,
        update_time=now,
    )


def _fill_price(state: ExchangeState, order: Order) -> Decimal:
    """The mark, unless it is already past the order's (bankruptcy) price: the insurance fund takes it there."""
    mark = state.quote(order.symbol).mark
    return max(mark, order.price) if order.side is Side.SELL else min(mark, order.price)


def _clear(state: ExchangeState, trade: Trade) -> None:
    spec = state.spec(trade.symbol)
    asset = spec.margin_asset
    isolated = state.account.is_isolated(trade.symbol)
    if isolated:
        # The isolated wallet is lost whole: what the fill left of it goes to the insurance fund
        wallet = state.account.isolated_wallet(trade.symbol)
        amount = -wallet
    else:
        wallet = state.account.cross_wallet(asset)
        fee = money(trade.price * trade.qty * spec.liquidation_fee_rate)
        amount = -min(fee, wallet) if wallet > ZERO else -wallet
    if amount == ZERO:
        return
    now = state.now()
    state.account.credit(asset, amount, now)
    if isolated:
        state.account.move_to_isolated(trade.symbol, amount)
    state.ledger.add_income(
        IncomeRow(
            tran_id=state.ids.tran_id(),
            symbol=trade.symbol,
            income_type=IncomeType.INSURANCE_CLEAR,
            income=amount,
            asset=asset,
            time=now,
        )
    )
    announce.insurance_clear(state, asset, amount, now)
