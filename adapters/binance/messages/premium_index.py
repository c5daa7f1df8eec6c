"""/fapi/v1/premiumIndex (an object with a symbol, an array without)."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Amount, UtcTime


class PremiumIndex(Message, frozen=True, kw_only=True):
    symbol: str = field(name="symbol")
    mark_price: Amount = field(name="markPrice")
    next_funding_time: UtcTime = field(name="nextFundingTime")
    time: UtcTime = field(name="time")
