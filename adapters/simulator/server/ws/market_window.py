"""The market events of one advance of the simulation, turned into stream payloads on demand (once per stream)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
from adapters.simulator.server.ws.book_depth import BookReader, DepthIds, DiffMemory, best_levels, depth_event
from adapters.simulator.server.ws.market_streams import (
    AGG_TRADE,
    BOOK_TICKER,
    CONTINUOUS_KLINE,
    DEPTH,
    DIFF_DEPTH,
    KLINE,
    MINI_TICKER,
    TICKER,
    StreamName,
)
from domain.times import epoch_ms, from_epoch_ms

Timed = tuple[int, dict[str, Any] | list[Any]]
# A clock jump would otherwise compute a 24-hour statistic every 2 s of it; the last minute's are sent
MAX_TICKERS_PER_WINDOW = 30


class MarketWindow:
    """Events in (after, until]; klines of any interval are read back from the market (it answers for the past)."""

    def __init__(
        self,
        market: Market,
        after: datetime,
        until: datetime,
        events: Sequence[MarketEvent],
        book: BookReader,
        diffs: DiffMemory,
    ) -> None:
        self._market = market
        self._book = book
        self._diffs = diffs
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
            # The all-market arrays hold every symbol's ticker: the simulator's one
            wrap: Callable[[dict[str, Any]], dict[str, Any] | list[Any]] = (
                (lambda payload: [payload]) if stream.all_market else (lambda payload: payload)
            )
            return [(moment, wrap(tick(symbol, self._day(moment)))) for moment in self._ticks(stream.every_ms)]
        if stream.kind in (DEPTH, DIFF_DEPTH):
            return self._depth(stream)
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

    def _depth(self, stream: StreamName) -> list[Timed]:
        # The engine holds the book at the window's end: one event, when the window crossed a tick of the speed
        if not self._ticks(stream.every_ms):
            return []
        moment = epoch_ms(self._until)
        last = self._market.price_update(self._until)
        previous = self._market.price_update(self._after).agg_trade_id
        if stream.kind == DIFF_DEPTH:
            # A diff event follows the previous one sent at this speed, whatever windows lay between
            previous = self._diffs.last_ids.get(stream.every_ms, previous)
        if last.agg_trade_id == previous:
            return []  # no step since the previous event: the book has not moved
        if stream.kind == DEPTH:
            bids, asks = best_levels(self._book(), stream.levels)
        else:
            bids, asks = self._diffs.changes(stream.every_ms, self._book(), last.agg_trade_id)
        ids = DepthIds(epoch_ms(last.time), previous, last.agg_trade_id)
        return [(moment, depth_event(self._market.symbol, moment, ids, bids, asks))]

    def _day(self, moment_ms: int) -> RollingDay:
        if moment_ms not in self._days:
            self._days[moment_ms] = self._market.rolling_day(from_epoch_ms(moment_ms))
        return self._days[moment_ms]
