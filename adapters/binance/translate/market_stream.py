"""Market stream frames → domain values: kline → Kline (closed = x), markPriceUpdate → (time, mark price)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from adapters.binance.schemas.base import load
from adapters.binance.schemas.market_stream import KlineEventSchema, MarkPriceEventSchema
from domain.reports import Kline


def kline_from_stream(message: Mapping[str, Any], symbol: str) -> Kline | None:
    event = load(KlineEventSchema, message, "kline")
    if event["symbol"] != symbol:
        return None
    k = event["kline"]
    return Kline(k["open_time"], k["close_time"], k["open"], k["high"], k["low"], k["close"], k["volume"], k["closed"])


def mark_price_from_stream(message: Mapping[str, Any], symbol: str) -> tuple[datetime, Decimal] | None:
    event = load(MarkPriceEventSchema, message, "markPriceUpdate")
    return (event["event_time"], event["mark_price"]) if event["symbol"] == symbol else None
