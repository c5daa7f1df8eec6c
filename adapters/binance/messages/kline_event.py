"""The kline market stream frame."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Amount, UtcTime


class StreamKline(Message, frozen=True, kw_only=True):
    open_time: UtcTime = field(name="t")
    close_time: UtcTime = field(name="T")
    open: Amount = field(name="o")
    high: Amount = field(name="h")
    low: Amount = field(name="l")
    close: Amount = field(name="c")
    volume: Amount = field(name="v")
    closed: bool = field(name="x")


class KlineEvent(Message, frozen=True, kw_only=True):
    symbol: str = field(name="s")
    kline: StreamKline = field(name="k")
