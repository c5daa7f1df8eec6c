"""Replay of a Binance klines CSV (the /fapi/v1/klines columns) as a price source with the seeded path's interface.

Inside each CSV kline the price walks open → low → high → close (open → high → low → close for a falling kline),
straight lines between those four points at thirds of the kline, rounded to the tick. Aggregated at the CSV's own
interval it therefore gives back the CSV's open, high, low and close exactly. After the last kline the price holds
the last close. The replayed timeline may be moved to start at another instant (floored to the CSV interval).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from pathlib import Path

from adapters.simulator.market.source import PriceSource
from domain.times import epoch_ms, from_epoch_ms

MIN_COLUMNS = 7  # openTime, open, high, low, close, volume, closeTime; the rest of the 12 are ignored


@dataclass(frozen=True)
class ReplayBar:
    """One CSV kline, prices in ticks."""

    open_ms: int
    close_ms: int
    open: int
    high: int
    low: int
    close: int


def parse_klines_csv(lines: Iterable[str], tick_size: Decimal) -> list[ReplayBar]:
    """Parse CSV rows in the /fapi/v1/klines column order; an optional header row is skipped."""
    bars: list[ReplayBar] = []
    for number, row in enumerate(csv.reader(lines), start=1):
        if not row or (number == 1 and not row[0].strip().isdigit()):
            continue
        bars.append(_parse_row(number, row, tick_size))
    _check_series(bars)
    return bars


def _parse_row(number: int, row: Sequence[str], tick_size: Decimal) -> ReplayBar:
    if len(row) < MIN_COLUMNS:
        raise ValueError(f"klines CSV row {number}: expected at least {MIN_COLUMNS} columns, got {len(row)}")
    try:
        open_ms, close_ms = int(row[0]), int(row[6])
        prices = [Decimal(cell) for cell in row[1:5]]
    except (ValueError, InvalidOperation) as error:
        raise ValueError(f"klines CSV row {number}: not a number ({error})") from None
    for price in prices:
        if price <= 0 or price % tick_size:
            raise ValueError(f"klines CSV row {number}: price {price} is not a positive multiple of tick {tick_size}")
    opened, high, low, closed = (int(price / tick_size) for price in prices)
    if not low <= min(opened, closed) <= max(opened, closed) <= high:
        raise ValueError(f"klines CSV row {number}: open/close must lie between low and high")
    return ReplayBar(open_ms, close_ms, opened, high, low, closed)


def _check_series(bars: Sequence[ReplayBar]) -> None:
    if not bars:
        raise ValueError("klines CSV has no rows")
    interval = bars[0].close_ms - bars[0].open_ms + 1
    for number, (before, bar) in enumerate(pairwise(bars), start=2):
        if bar.close_ms - bar.open_ms + 1 != interval:
            raise ValueError(f"klines CSV kline {number}: interval differs from the first kline's {interval} ms")
        if bar.open_ms != before.close_ms + 1:
            raise ValueError(f"klines CSV kline {number}: opens at {bar.open_ms}, expected {before.close_ms + 1}")


class ReplaySource(PriceSource):
    def __init__(
        self,
        bars: Sequence[ReplayBar],
        tick_size: Decimal,
        origin: datetime | None = None,
        step_ms: int = 250,
    ) -> None:
        _check_series(bars)
        self._interval_ms = bars[0].close_ms - bars[0].open_ms + 1
        if step_ms <= 0 or self._interval_ms % step_ms or self._interval_ms // step_ms < 4:
            raise ValueError(f"step_ms {step_ms} must divide the CSV interval {self._interval_ms} ms at least 4 times")
        self._bars = tuple(bars)
        self._tick_size = tick_size
        self._step_ms = step_ms
        self._steps_per_bar = self._interval_ms // step_ms
        start = bars[0].open_ms if origin is None else epoch_ms(origin)
        self._origin_ms = start - start % self._interval_ms

    @classmethod
    def from_csv(
        cls,
        path: Path,
        tick_size: Decimal,
        origin: datetime | None = None,
        step_ms: int = 250,
    ) -> ReplaySource:
        """Read a klines CSV file (UTF-8) and replay it."""
        with path.open(encoding="utf-8", newline="") as lines:
            return cls(parse_klines_csv(lines, tick_size), tick_size, origin, step_ms)

    @property
    def origin_ms(self) -> int:
        return self._origin_ms

    @property
    def step_ms(self) -> int:
        return self._step_ms

    @property
    def tick_size(self) -> Decimal:
        return self._tick_size

    @property
    def end(self) -> datetime:
        """The instant the replayed klines run out (the price holds the last close from then on)."""
        return from_epoch_ms(self._origin_ms + len(self._bars) * self._interval_ms)

    def ticks(self, step: int) -> int:
        if step < 0:
            raise ValueError(f"step must be ≥ 0, got {step}")
        index, offset = divmod(step, self._steps_per_bar)
        if index >= len(self._bars):
            return self._bars[-1].close
        return _inside(self._bars[index], offset, self._steps_per_bar)


def _inside(bar: ReplayBar, offset: int, steps: int) -> int:
    first, second = (bar.low, bar.high) if bar.close >= bar.open else (bar.high, bar.low)
    points = ((0, bar.open), (steps // 3, first), (2 * steps // 3, second), (steps - 1, bar.close))
    for (start, start_price), (end, end_price) in pairwise(points):
        if offset <= end:
            span = end - start
            return start_price + (2 * (end_price - start_price) * (offset - start) + span) // (2 * span)
    return bar.close
