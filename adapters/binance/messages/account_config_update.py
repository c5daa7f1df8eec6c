"""ACCOUNT_CONFIG_UPDATE of the user-data stream."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Id, UtcTime


class LeverageConfig(Message, frozen=True, kw_only=True):
    symbol: str = field(name="s")
    leverage: Id = field(name="l")


class MultiAssetsConfig(Message, frozen=True, kw_only=True):
    multi_assets: bool = field(name="j")


class AccountConfigUpdate(Message, frozen=True, kw_only=True):
    """Carries either `ac` (leverage of one symbol) or `ai` (multi-assets mode)."""

    transaction_time: UtcTime = field(name="T")
    leverage: LeverageConfig | None = field(default=None, name="ac")
    multi_assets: MultiAssetsConfig | None = field(default=None, name="ai")
