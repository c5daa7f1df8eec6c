"""The markPriceUpdate market stream frame."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Amount, UtcTime


class MarkPriceUpdate(Message, frozen=True, kw_only=True):
    event_time: UtcTime = field(name="E")
    symbol: str = field(name="s")
    mark_price: Amount = field(name="p")
