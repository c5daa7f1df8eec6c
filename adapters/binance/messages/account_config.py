"""GET /fapi/v1/accountConfig: the futures account's permissions and modes (only canTrade is read)."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message


class AccountConfig(Message, frozen=True, kw_only=True):
    can_trade: bool = field(name="canTrade")
