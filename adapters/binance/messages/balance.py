"""A row of /fapi/v2|v3/balance, and of the assets[] of /fapi/v2|v3/account."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Amount, UtcTimeOrUnset


class Balance(Message, frozen=True, kw_only=True):
    asset: str = field(name="asset")
    wallet_balance: Amount = field(name="balance")
    cross_wallet_balance: Amount = field(name="crossWalletBalance")
    available_balance: Amount = field(name="availableBalance")
    update_time: UtcTimeOrUnset = field(default=None, name="updateTime")


class AccountAsset(Message, frozen=True, kw_only=True):
    """An assets[] row: the wallet balance is `walletBalance` here, `balance` in /balance."""

    asset: str = field(name="asset")
    wallet_balance: Amount = field(name="walletBalance")
    cross_wallet_balance: Amount = field(name="crossWalletBalance")
    available_balance: Amount = field(name="availableBalance")
    update_time: UtcTimeOrUnset = field(default=None, name="updateTime")


class Account(Message, frozen=True, kw_only=True):
    assets: tuple[AccountAsset, ...] = field(name="assets")
