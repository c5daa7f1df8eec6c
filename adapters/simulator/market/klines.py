"""Klines of any interval from the tape: REST history (startTime/endTime/limit) and the kline stream's updates.

Every interval is built from one-minute bars, cached once a minute has fully elapsed, plus the steps of the minute
still forming. A step belongs to a kline when its start time lies in [openTime, closeTime]; a kline holds the steps
up to `now`, and the kline containing `now` is the one still open.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from adapters.simulator.market.bars import Bar, SimKline, Units, fold, fold_steps
from adapters.simulator.market.intervals import MINUTE_MS, Interval
from adapters.simulator.market.tape import Tape
from domain.times import from_epoch_ms

DEFAULT_LIMIT = 500
MAX_LIMIT = 1500


@dataclass(frozen=True)
class KlineQuery:
    """The /fapi/v1/klines parameters: open times within [start_ms, end_ms], at most `limit` klines."""

    interval: Interval
    start_ms: int | None = None
    end_ms: int | None = None
    limit: int = DEFAULT_LIMIT

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, got {self.limit}")
        if self.start_ms is not None and self.end_ms is not None and self.start_ms > self.end_ms:
            raise ValueError(f"startTime {self.start_ms} is after endTime {self.end_ms}")


class KlineBook:
    def __init__(self, tape: Tape) -> None:
        self._tape = tape
        self._units = Units(tape.tick_size, tape.step_size)
        self._first_minute_ms = tape.origin_ms - tape.origin_ms % MINUTE_MS
        self._minutes: list[Bar | None] = []
        self._revision = tape.revision

    def kline(self, interval: Interval, moment_ms: int, now_ms: int) -> SimKline | None:
        """Return the kline containing `moment_ms` as it stands at `now_ms`, or None when it holds no step yet."""
        opened = interval.floor(moment_ms)
        bar = self.bar(opened, interval.next_open(opened), now_ms)
        return None if bar is None else self._finish(interval, opened, bar, now_ms)

    def history(self, query: KlineQuery, now_ms: int) -> list[SimKline]:
        """Return the klines Binance's /fapi/v1/klines would, oldest first, the last one possibly still open."""
        interval, origin_ms = query.interval, self._tape.origin_ms
        first = interval.floor(max(origin_ms, query.start_ms or 0))
        if query.start_ms is not None and first < query.start_ms:
            first = interval.next_open(first)
        last = interval.floor(min(now_ms, now_ms if query.end_ms is None else query.end_ms))
        if now_ms < origin_ms or last < interval.floor(origin_ms) or first > last:
            return []
        opens = self._opens(interval, first, last, query.limit, from_start=query.start_ms is not None)
        return [kline for opened in opens if (kline := self.kline(interval, opened, now_ms)) is not None]

    def updates(self, interval: Interval, after_ms: int, until_ms: int) -> Iterator[tuple[SimKline, int]]:
        """Yield (kline, event time) stream events for the steps starting in (after_ms, until_ms].

        One forming (closed=False) update per step; when a step opens a new kline, the previous kline is first
        yielded once more, final (closed=True), at that step's time.
        """
        opened = boundary = -1
        bar: Bar | None = None
        for step in self._tape.steps(self.steps_up_to(after_ms), self.steps_up_to(until_ms)):
            if step.time_ms >= boundary:
                final = self._closed_by(interval, step.index, step.time_ms, opened, bar)
                if final is not None:
                    yield final, step.time_ms
                opened = interval.floor(step.time_ms)
                boundary = interval.next_open(opened)
                bar = self.bar(opened, step.time_ms, step.time_ms - 1)
            part = Bar.of(step)
            bar = part if bar is None else bar.then(part)
            yield self._finish(interval, opened, bar, step.time_ms), step.time_ms

    def _closed_by(
        self,
        interval: Interval,
        index: int,
        time_ms: int,
        opened: int,
        bar: Bar | None,
    ) -> SimKline | None:
        # The final kline, when this step is the first of a new kline and an earlier step belongs to the old one
        previous_ms = time_ms - self._tape.step_ms
        if index == 0 or interval.floor(previous_ms) == interval.floor(time_ms):
            return None
        previous = interval.floor(previous_ms)
        final = bar if previous == opened else self.bar(previous, interval.next_open(previous), time_ms)
        return None if final is None else self._finish(interval, previous, final, time_ms)

    def steps_up_to(self, moment_ms: int) -> int:
        """Return how many steps start at or before `moment_ms`."""
        tape = self._tape
        return 0 if moment_ms < tape.origin_ms else tape.step_at(moment_ms) + 1

    def bar(self, start_ms: int, end_ms: int, now_ms: int) -> Bar | None:
        """Return the aggregate of the steps starting in [start_ms, end_ms) and not after now_ms."""
        self._sync()
        tape = self._tape
        start_ms, end_ms = max(start_ms, tape.origin_ms), min(end_ms, now_ms + 1)
        if start_ms >= end_ms:
            return None
        whole_from = -(-start_ms // MINUTE_MS) * MINUTE_MS
        whole_to = max(whole_from, end_ms - end_ms % MINUTE_MS)
        parts = [self._steps(start_ms, min(whole_from, end_ms))]
        parts += [self._minute(minute) for minute in range(whole_from, whole_to, MINUTE_MS)]
        parts.append(self._steps(max(whole_to, start_ms), end_ms))
        return fold(part for part in parts if part is not None)

    def _finish(self, interval: Interval, opened: int, bar: Bar, now_ms: int) -> SimKline:
        closes = interval.close_time(opened)
        return self._units.kline(
            interval.name, from_epoch_ms(opened), from_epoch_ms(closes), bar, closed=now_ms > closes
        )

    def _opens(self, interval: Interval, first: int, last: int, limit: int, from_start: bool) -> list[int]:
        opens = [first if from_start else last]
        step = interval.next_open if from_start else interval.previous_open
        while len(opens) < limit and first <= (following := step(opens[-1])) <= last:
            opens.append(following)
        return opens if from_start else opens[::-1]

    def _minute(self, minute_ms: int) -> Bar | None:
        index = (minute_ms - self._first_minute_ms) // MINUTE_MS
        while len(self._minutes) <= index:
            opened = self._first_minute_ms + len(self._minutes) * MINUTE_MS
            self._minutes.append(self._steps(max(opened, self._tape.origin_ms), opened + MINUTE_MS))
        return self._minutes[index]

    def _steps(self, start_ms: int, end_ms: int) -> Bar | None:
        if start_ms >= end_ms:
            return None
        tape = self._tape
        first = -(-(start_ms - tape.origin_ms) // tape.step_ms)
        stop = -(-(end_ms - tape.origin_ms) // tape.step_ms)
        return fold_steps(tape.steps(first, stop))

    def _sync(self) -> None:
        # A manual price move rewrites the steps from its start: forget the minutes it touches
        if self._revision != self._tape.revision:
            changed_ms = self._tape.origin_ms + self._tape.changed_from * self._tape.step_ms
            del self._minutes[max(0, (changed_ms - self._first_minute_ms) // MINUTE_MS) :]
            self._revision = self._tape.revision
