"""Market stream frames → domain values: kline → Kline (closed = x), markPriceUpdate → (time, mark price)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from adapters.binance.messages.base import Body, read
from adapters.binance.messages.kline_event import KlineEvent
from adapters.binance.messages.mark_price_update import MarkPriceUpdate
from domain.reports import Kline


def kline_from_stream(message: Body, symbol: str) -> Kline | None:
    event = read(KlineEvent, message, "kline")
    if event.symbol != symbol:
        return None
    k = event.kline
    return Kline(k.open_time, k.close_time, k.open, k.high, k.low, k.close, k.volume, k.closed)


def mark_price_from_stream(message: Body, symbol: str) -> tuple[datetime, Decimal] | None:
    event = read(MarkPriceUpdate, message, "markPriceUpdate")
    return (event.event_time, event.mark_price) if event.symbol == symbol else None
