"""Read-only account snapshots the faces serve (positionRisk, balance, account): computed, never stored."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .amounts import money
from .maintenance import liquidation_price, position_maintenance
from .margin import available_balance, margins
from .state import ExchangeState
from .vocabulary import ZERO, Side


@dataclass(frozen=True)
class PositionRisk:
    """One /fapi/v2|v3/positionRisk row (one-way; liquidation price 0 when flat); `margin_type` "cross" or
    "isolated", `isolated_wallet` the position's isolated wallet and `isolated_margin` that wallet plus the
    unrealized PnL (both 0 for cross)."""

    symbol: str
    position_amount: Decimal
    entry_price: Decimal
    break_even_price: Decimal
    mark_price: Decimal
    unrealized_pnl: Decimal
    notional: Decimal
    initial_margin: Decimal
    maint_margin: Decimal
    position_initial_margin: Decimal
    open_order_initial_margin: Decimal
    bid_notional: Decimal
    ask_notional: Decimal
    leverage: int
    max_notional_value: Decimal
    margin_asset: str
    update_time: int
    liquidation_price: Decimal = ZERO
    margin_type: str = "cross"
    position_side: str = "BOTH"
    isolated_wallet: Decimal = ZERO
    isolated_margin: Decimal = ZERO


@dataclass(frozen=True)
class BalanceView:
    """One asset of /fapi/v2|v3/balance and account: wallet, unrealized PnL, margins, available; the cross wallet
    excludes the isolated wallets and the cross unrealized PnL the isolated positions' PnL."""

    asset: str
    wallet_balance: Decimal
    unrealized_pnl: Decimal
    margin_balance: Decimal
    position_initial_margin: Decimal
    open_order_initial_margin: Decimal
    maint_margin: Decimal
    available_balance: Decimal
    update_time: int
    cross_wallet_balance: Decimal = ZERO
    cross_unrealized_pnl: Decimal = ZERO

    @property
    def initial_margin(self) -> Decimal:
        return self.position_initial_margin + self.open_order_initial_margin


def position_risk(state: ExchangeState, symbol: str) -> PositionRisk:
    spec = state.spec(symbol)
    position = state.account.position(symbol)
    mark = state.mark(symbol) or position.entry_price
    used = margins(state, symbol)
    notional = position.amount * mark
    leverage = state.account.leverage(symbol)
    isolated = state.account.is_isolated(symbol)
    isolated_wallet = state.account.isolated_wallet(symbol)
    unrealized = position.unrealized(mark)
    return PositionRisk(
        symbol=symbol,
        position_amount=position.amount,
        entry_price=position.entry_price,
        break_even_price=position.break_even(spec.taker_rate),
        mark_price=mark,
        unrealized_pnl=unrealized,
        notional=notional,
        initial_margin=money(used.position + used.open_orders),
        maint_margin=money(position_maintenance(state, symbol)),
        position_initial_margin=money(used.position),
        open_order_initial_margin=money(used.open_orders),
        bid_notional=state.orders.open_notional(symbol, Side.BUY),
        ask_notional=state.orders.open_notional(symbol, Side.SELL),
        leverage=leverage,
        max_notional_value=spec.max_notional_value(leverage),
        margin_asset=spec.margin_asset,
        update_time=position.update_time,
        liquidation_price=liquidation_price(state, symbol),
        margin_type="isolated" if isolated else "cross",
        isolated_wallet=isolated_wallet,
        isolated_margin=isolated_wallet + unrealized if isolated else ZERO,
    )


def balance_view(state: ExchangeState, asset: str) -> BalanceView:
    rows = [position_risk(state, symbol) for symbol, spec in state.specs.items() if spec.margin_asset == asset]
    wallet = state.account.wallet(asset)
    unrealized = sum((row.unrealized_pnl for row in rows), ZERO)
    return BalanceView(
        asset=asset,
        wallet_balance=wallet,
        unrealized_pnl=unrealized,
        margin_balance=wallet + unrealized,
        position_initial_margin=sum((row.position_initial_margin for row in rows), ZERO),
        open_order_initial_margin=sum((row.open_order_initial_margin for row in rows), ZERO),
        maint_margin=sum((row.maint_margin for row in rows), ZERO),
        available_balance=money(available_balance(state, asset)),
        update_time=state.account.update_time(asset),
        cross_wallet_balance=state.account.cross_wallet(asset),
        cross_unrealized_pnl=sum((row.unrealized_pnl for row in rows if row.margin_type == "cross"), ZERO),
    )
