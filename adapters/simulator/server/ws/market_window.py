"""The market events of one advance of the simulation, turned into stream payloads on demand (once per stream)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from adapters.simulator.market.events import MarketEvent, PremiumIndex, PriceUpdate
from adapters.simulator.market.market import Market
from adapters.simulator.market.payloads import agg_trade_event, book_ticker_event, kline_event, mark_price_event
from adapters.simulator.server.ws.market_streams import AGG_TRADE, BOOK_TICKER, KLINE, StreamName
from domain.times import epoch_ms

Timed = tuple[int, dict[str, Any]]


class MarketWindow:
    """Events in (after, until]; klines of any interval are read back from the market (it answers for the past)."""

    def __init__(self, market: Market, after: datetime, until: datetime, events: Sequence[MarketEvent]) -> None:
        self._market = market
        self._after = after
        self._until = until
        self._events = events
        self._cache: dict[str, list[Timed]] = {}

    def payloads(self, stream: StreamName) -> list[Timed]:
        """(event time ms, payload) of `stream` in this window, in time order."""
        key = stream.name
        if key not in self._cache:
            self._cache[key] = self._build(stream)
        return self._cache[key]

    def _build(self, stream: StreamName) -> list[Timed]:
        symbol = self._market.symbol
        if stream.kind == KLINE:
            updates = self._market.kline_updates(stream.interval, self._after, self._until)
            return [(epoch_ms(u.time), kline_event(symbol, u.kline, epoch_ms(u.time))) for u in updates]
        if stream.kind in (AGG_TRADE, BOOK_TICKER):
            build = agg_trade_event if stream.kind == AGG_TRADE else book_ticker_event
            return [(epoch_ms(e.time), build(symbol, e)) for e in self._events if isinstance(e, PriceUpdate)]
        marks = (e for e in self._events if isinstance(e, PremiumIndex))
        return [
            (epoch_ms(m.time), mark_price_event(symbol, m)) for m in marks if epoch_ms(m.time) % stream.every_ms == 0
        ]
