"""A kline array of /fapi/v1/klines: its first seven columns, by position; later columns are ignored."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Amount, UtcTime

KLINE_COLUMNS = 7


class KlineRow(Message, frozen=True, kw_only=True, array_like=True):
    open_time: UtcTime = field(name="open_time")
    open: Amount = field(name="open")
    high: Amount = field(name="high")
    low: Amount = field(name="low")
    close: Amount = field(name="close")
    volume: Amount = field(name="volume")
    close_time: UtcTime = field(name="close_time")
