"""The market events of one advance of the simulation, turned into stream payloads on demand (once per stream)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from adapters.simulator.market.events import MarketEvent, PremiumIndex, PriceUpdate
from adapters.simulator.market.market import Market
from adapters.simulator.market.payloads import (
    agg_trade_event,
    book_ticker_event,
    continuous_kline_event,
    kline_event,
    mark_price_event,
    mini_ticker_event,
    ticker_event,
)
from adapters.simulator.market.rolling_day import RollingDay
from adapters.simulator.server.ws.market_streams import (
    AGG_TRADE,
    BOOK_TICKER,
    CONTINUOUS_KLINE,
    KLINE,
    MINI_TICKER,
    TICKER,
    StreamName,
)
from domain.times import epoch_ms, from_epoch_ms

Timed = tuple[int, dict[str, Any]]
# A clock jump would otherwise compute a 24-hour statistic every 2 s of it; the last minute's are sent
MAX_TICKERS_PER_WINDOW = 30


class MarketWindow:
    """Events in (after, until]; klines of any interval are read back from the market (it answers for the past)."""

    def __init__(self, market: Market, after: datetime, until: datetime, events: Sequence[MarketEvent]) -> None:
        self._market = market
        self._after = after
        self._until = until
        self._events = events
        self._cache: dict[str, list[Timed]] = {}
        self._days: dict[int, RollingDay] = {}

    def payloads(self, stream: StreamName) -> list[Timed]:
        """(event time ms, payload) of `stream` in this window, in time order."""
        key = stream.name
        if key not in self._cache:
            self._cache[key] = self._build(stream)
        return self._cache[key]

    def _build(self, stream: StreamName) -> list[Timed]:
        symbol = self._market.symbol
        if stream.kind in (KLINE, CONTINUOUS_KLINE):
            build = kline_event if stream.kind == KLINE else continuous_kline_event
            updates = self._market.kline_updates(stream.interval, self._after, self._until)
            return [(epoch_ms(u.time), build(symbol, u.kline, epoch_ms(u.time))) for u in updates]
        if stream.kind in (TICKER, MINI_TICKER):
            tick = ticker_event if stream.kind == TICKER else mini_ticker_event
            return [(moment, tick(symbol, self._day(moment))) for moment in self._ticks(stream.every_ms)]
        if stream.kind in (AGG_TRADE, BOOK_TICKER):
            trade = agg_trade_event if stream.kind == AGG_TRADE else book_ticker_event
            return [(epoch_ms(e.time), trade(symbol, e)) for e in self._events if isinstance(e, PriceUpdate)]
        marks = (e for e in self._events if isinstance(e, PremiumIndex))
        return [
            (epoch_ms(m.time), mark_price_event(symbol, m)) for m in marks if epoch_ms(m.time) % stream.every_ms == 0
        ]

    def _ticks(self, every_ms: int) -> list[int]:
        after, until = epoch_ms(self._after), epoch_ms(self._until)
        last = until - until % every_ms
        first = max(after - after % every_ms + every_ms, last - (MAX_TICKERS_PER_WINDOW - 1) * every_ms)
        return list(range(first, last + 1, every_ms))

    def _day(self, moment_ms: int) -> RollingDay:
        if moment_ms not in self._days:
            self._days[moment_ms] = self._market.rolling_day(from_epoch_ms(moment_ms))
        return self._days[moment_ms]
