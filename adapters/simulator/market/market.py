"""The market of one symbol in one place: advance simulated time and get its events in order; query prices, klines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from adapters.simulator.market.bars import SimKline, Units
from adapters.simulator.market.events import KlineUpdate, MarketEvent, PremiumIndex, PriceUpdate
from adapters.simulator.market.funding import INTEREST_RATE, FundingSchedule, FundingSettlement
from adapters.simulator.market.intervals import DAY_MS, MINUTE_MS, Interval
from adapters.simulator.market.klines import DEFAULT_LIMIT, KlineBook, KlineQuery
from adapters.simulator.market.mark import MarkPrices, MarkShape
from adapters.simulator.market.price_path import PathShape, SeededPricePath
from adapters.simulator.market.replay import ReplaySource
from adapters.simulator.market.rolling_day import RollingDay, rolling_day
from adapters.simulator.market.source import PriceSource
from adapters.simulator.market.tape import FIRST_AGG_TRADE_ID, Step, Tape
from domain.reports import SymbolRules
from domain.times import epoch_ms, from_epoch_ms
from ports.clock import Clock

DEFAULT_HISTORY = timedelta(hours=12)  # klines before the start, so moving averages have data at once
# Events at one instant: a kline closes, then the step's trade, the forming kline, the mark, and funding
_RANK = {"closed": 0, "trade": 1, "forming": 2, "mark": 3, "funding": 4}


@dataclass(frozen=True)
class MarketOptions:
    """funding: default Binance's 8-hour marks; intervals: the klines whose stream events advance() returns;
    clock: where advance() without a time reads now.
    """

    funding: FundingSchedule | None = None
    intervals: tuple[str, ...] = ("1m",)
    clock: Clock | None = None
    mark_shape: MarkShape = MarkShape()


class Market:
    """Times before the start are history (served as klines), events come for (previous advance, to].

    Reads are deterministic for any instant from the origin on; move_price() changes prices only after the
    instant the market has been advanced to.
    """

    def __init__(
        self,
        rules: SymbolRules,
        source: PriceSource,
        start: datetime,
        seed: int,
        options: MarketOptions = MarketOptions(),
    ) -> None:
        if source.tick_size != rules.tick_size:
            raise ValueError(f"price source tick {source.tick_size} differs from {rules.symbol} tick {rules.tick_size}")
        self.symbol = rules.symbol
        self.rules = rules
        self._tape = Tape(source, rules.step_size, seed)
        self._book = KlineBook(self._tape)
        self._marks = MarkPrices(self._tape, seed, options.mark_shape)
        self._funding = options.funding if options.funding is not None else FundingSchedule(seed)
        self._intervals = tuple(Interval(name) for name in options.intervals)
        self._clock = options.clock
        self._cursor_ms = epoch_ms(start)
        if self._cursor_ms < source.origin_ms:
            raise ValueError(f"start {start.isoformat()} is before the price source's origin")

    @classmethod
    def seeded(
        cls,
        rules: SymbolRules,
        seed: int,
        start_price: Decimal,
        start: datetime,
        *,
        history: timedelta = DEFAULT_HISTORY,
        shape: PathShape = PathShape(),
        options: MarketOptions = MarketOptions(),
    ) -> Market:
        """A market on a seeded price path that begins `history` before `start` (floored to the minute)."""
        origin_ms = epoch_ms(start - history)
        path = SeededPricePath(
            seed, start_price, rules.tick_size, from_epoch_ms(origin_ms - origin_ms % MINUTE_MS), shape
        )
        return cls(rules, path, start, seed, options)

    @classmethod
    def replay(
        cls,
        rules: SymbolRules,
        seed: int,
        csv_path: Path,
        start: datetime,
        *,
        history: timedelta = DEFAULT_HISTORY,
        options: MarketOptions = MarketOptions(),
    ) -> Market:
        """Replay a klines CSV whose first kline opens `history` before `start` (floored to its interval)."""
        source = ReplaySource.from_csv(csv_path, rules.tick_size, origin=start - history)
        return cls(rules, source, start, seed, options)

    @property
    def now(self) -> datetime:
        """The instant the market has been advanced to."""
        return from_epoch_ms(self._cursor_ms)

    @property
    def origin(self) -> datetime:
        """The first instant with a price (the start of the history)."""
        return from_epoch_ms(self._tape.origin_ms)

    def advance(self, to: datetime | None = None) -> list[MarketEvent]:
        """Move to `to` (default: the clock's now) and return the events in (previous now, to], in time order."""
        target = self._target(to)
        if target <= self._cursor_ms:
            return []
        after, self._cursor_ms = self._cursor_ms, target
        ranked: list[tuple[int, int, MarketEvent]] = []
        ranked += ((epoch_ms(u.time), _RANK["trade"], u) for u in self._price_updates(after, target))
        for interval in self._intervals:
            ranked += self._kline_events(interval, after, target)
        ranked += ((epoch_ms(p.time), _RANK["mark"], p) for p in self._marks_between(after, target))
        ranked += (
            (epoch_ms(f.time), _RANK["funding"], f) for f in self.funding_between(from_epoch_ms(after), self.now)
        )
        ranked.sort(key=lambda item: item[:2])
        return [event for _, _, event in ranked]

    @property
    def funding_schedule(self) -> FundingSchedule:
        return self._funding

    def last_price(self, at: datetime | None = None) -> Decimal:
        """Return the last traded price at `at` (default: the market's now)."""
        return self._tape.price(self._step_index(at)) * self._tape.tick_size

    def price_update(self, at: datetime | None = None) -> PriceUpdate:
        """Return the trade and book top of the step containing `at` (default: the market's now)."""
        return self._price_update(self._tape.step(self._step_index(at)))

    def mark_price(self, at: datetime | None = None) -> Decimal:
        """Return the mark price at `at` (default: the market's now)."""
        return self._marks.mark(self._ms(at)) * self._tape.tick_size

    def index_price(self, at: datetime | None = None) -> Decimal:
        """Return the index price at `at` (default: the market's now)."""
        return self._marks.index(self._ms(at)) * self._tape.tick_size

    def premium_index(self, at: datetime | None = None) -> PremiumIndex:
        """Return the /fapi/v1/premiumIndex facts at `at` (default: the market's now)."""
        moment = self._ms(at)
        index = self.index_price(from_epoch_ms(moment))
        next_funding = self._funding.next_time_ms(moment)
        return PremiumIndex(
            time=from_epoch_ms(moment),
            mark_price=self.mark_price(from_epoch_ms(moment)),
            index_price=index,
            estimated_settle_price=index,
            last_funding_rate=self._funding.rate_at(next_funding),
            interest_rate=INTEREST_RATE,
            next_funding_time=from_epoch_ms(next_funding),
        )

    def klines(
        self,
        interval: str,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int = DEFAULT_LIMIT,
        at: datetime | None = None,
    ) -> list[SimKline]:
        """Return /fapi/v1/klines as it stands at `at` (default: the market's now): open times in [start, end]."""
        query = KlineQuery(
            Interval(interval),
            None if start is None else epoch_ms(start),
            None if end is None else epoch_ms(end),
            limit,
        )
        return self._book.history(query, self._ms(at))

    def rolling_day(self, at: datetime | None = None) -> RollingDay:
        """Return the 24 hours of trading up to `at` (default: the market's now), which is not before the origin."""
        moment = self._ms(at)
        bar = self._book.bar(moment - DAY_MS + 1, moment + 1, moment)
        if bar is None:
            raise ValueError(f"no trading up to {from_epoch_ms(moment).isoformat()}: it is before the market's origin")
        last = self._tape.step(self._tape.step_at(moment))
        return rolling_day(bar, last.quantity, Units(self._tape.tick_size, self._tape.step_size), moment)

    def kline_updates(self, interval: str, after: datetime, until: datetime) -> Iterator[KlineUpdate]:
        """Yield the kline stream's events for the steps in (after, until]."""
        for kline, time_ms in self._book.updates(Interval(interval), epoch_ms(after), epoch_ms(until)):
            yield KlineUpdate(from_epoch_ms(time_ms), kline)

    def funding_between(self, previous: datetime, current: datetime) -> list[FundingSettlement]:
        """Return the funding settlements due in (previous, current], with the mark price at each."""
        mark = self._marks.mark
        tick = self._tape.tick_size
        return self._funding.settlements_between(previous, current, lambda moment: mark(moment) * tick)

    def funding_history(self, start_ms: int | None, end_ms: int | None, limit: int) -> list[FundingSettlement]:
        """/fapi/v1/fundingRate: the settlements from the origin to now, the oldest `limit` from `start_ms` on, else
        the newest `limit` up to `end_ms`."""
        every = self._funding.interval // timedelta(milliseconds=1)
        before_origin = self._tape.origin_ms - 1
        last = self._cursor_ms if end_ms is None else min(end_ms, self._cursor_ms)
        if start_ms is None:
            after = max(before_origin, last - limit * every)
        else:
            after = max(before_origin, start_ms - 1)
            last = min(last, after + limit * every)
        if last <= after:
            return []
        return self.funding_between(from_epoch_ms(after), from_epoch_ms(last))[:limit]

    def agg_trades(
        self, from_id: int | None, start_ms: int | None, end_ms: int | None, limit: int
    ) -> list[PriceUpdate]:
        """/fapi/v1/aggTrades up to now, one per step: ids ≥ `from_id`, else the oldest `limit` from `start_ms` on,
        else the newest `limit` up to `end_ms`."""
        available = self._book.steps_up_to(self._cursor_ms)
        if from_id is not None:
            first = from_id - FIRST_AGG_TRADE_ID
            stop = first + limit
        elif start_ms is not None:
            first = self._book.steps_up_to(start_ms - 1)
            stop = first + limit if end_ms is None else min(first + limit, self._book.steps_up_to(end_ms))
        else:
            stop = available if end_ms is None else self._book.steps_up_to(end_ms)
            first = stop - limit
        first, stop = max(first, 0), min(stop, available)
        return [self._price_update(step) for step in self._tape.steps(first, stop)] if first < stop else []

    def move_price(self, price: Decimal) -> datetime:
        """Set the last price to `price` from the step after the market's now on (the /_sim/ "move the price");
        return the instant that step starts. The path goes on from the new level."""
        if price <= 0 or price % self._tape.tick_size:
            raise ValueError(f"price {price} must be a positive multiple of the tick size {self._tape.tick_size}")
        step = self._tape.step_at(self._cursor_ms) + 1
        self._tape.move_price(step, int(price / self._tape.tick_size))
        return from_epoch_ms(self._tape.source.step_time_ms(step))

    def _kline_events(self, interval: Interval, after: int, until: int) -> Iterator[tuple[int, int, MarketEvent]]:
        for kline, time_ms in self._book.updates(interval, after, until):
            rank = _RANK["closed" if kline.closed else "forming"]
            yield time_ms, rank, KlineUpdate(from_epoch_ms(time_ms), kline)

    def _price_updates(self, after: int, until: int) -> Iterator[PriceUpdate]:
        first, stop = self._book.steps_up_to(after), self._book.steps_up_to(until)
        return (self._price_update(step) for step in self._tape.steps(first, stop))

    def _marks_between(self, after: int, until: int) -> Iterator[PremiumIndex]:
        period = self._marks.period_ms
        moment = self._marks.period_start(after) + period
        while moment <= until:
            yield self.premium_index(from_epoch_ms(moment))
            moment += period

    def _price_update(self, step: Step) -> PriceUpdate:
        tick, lot = self._tape.tick_size, self._tape.step_size
        # The taker's side sets which side of the book the trade printed on
        bid = step.price - 1 if step.taker_buy and step.price > 1 else step.price
        return PriceUpdate(
            time=from_epoch_ms(step.time_ms),
            price=step.price * tick,
            quantity=step.quantity * lot,
            agg_trade_id=step.agg_trade_id,
            first_trade_id=step.first_trade_id,
            last_trade_id=step.last_trade_id,
            buyer_is_maker=not step.taker_buy,
            bid_price=bid * tick,
            bid_quantity=step.bid_lots * lot,
            ask_price=(bid + 1) * tick,
            ask_quantity=step.ask_lots * lot,
        )

    def _target(self, to: datetime | None) -> int:
        if to is None:
            if self._clock is None:
                raise ValueError("advance() needs a time when the market has no clock")
            to = self._clock.now()
        return epoch_ms(to)

    def _ms(self, at: datetime | None) -> int:
        return self._cursor_ms if at is None else epoch_ms(at)

    def _step_index(self, at: datetime | None) -> int:
        return self._tape.step_at(self._ms(at))
