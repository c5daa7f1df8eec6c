"""TRADE_LITE of the user-data stream: validated, then ignored (ADR 0054)."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Id, UtcTime


class TradeLite(Message, frozen=True, kw_only=True):
    symbol: str = field(name="s")
    client_order_id: str | None = field(default=None, name="c")
    order_id: Id = field(name="i")
    trade_id: Id = field(name="t")
    trade_time: UtcTime = field(name="T")
