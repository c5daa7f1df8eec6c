"""ACCOUNT_UPDATE of the user-data stream."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import ONE_WAY, Amount, BlankAmount, UtcTime


class BalanceRow(Message, frozen=True, kw_only=True):
    asset: str = field(name="a")
    wallet_balance: Amount = field(name="wb")
    cross_wallet_balance: Amount = field(name="cw")
    # The change of this event alone, excluding PnL and commission: a transfer's signed amount on DEPOSIT / WITHDRAW
    balance_change: BlankAmount = field(default=None, name="bc")


class PositionRow(Message, frozen=True, kw_only=True):
    symbol: str = field(name="s")
    quantity: Amount = field(name="pa")
    entry_price: Amount = field(name="ep")
    position_side: str = field(default=ONE_WAY, name="ps")


class AccountData(Message, frozen=True, kw_only=True):
    """`a`: P is empty or absent when no position changed (deposits, cross funding)."""

    reason: str = field(name="m")
    balances: tuple[BalanceRow, ...] = field(default=(), name="B")
    positions: tuple[PositionRow, ...] = field(default=(), name="P")


class AccountUpdate(Message, frozen=True, kw_only=True):
    transaction_time: UtcTime = field(name="T")
    account: AccountData = field(name="a")
