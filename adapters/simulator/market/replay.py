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

# openTime, open, high, low, close, volume, closeTime by Binance's names; the rest of the 12 columns are ignored
COLUMNS = ("open time", "open", "high", "low", "close", "volume", "close time")
MIN_COLUMNS = len(COLUMNS)
MAX_MS_DIGITS = 15
MAX_PRICE_TEXT = 40
# Steps per kline of a coarse replay: enough for its four points at thirds, few enough to replay days in seconds
COARSE_STEPS = 20
MINUTE_MS = 60_000


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
    """Parse CSV rows in the /fapi/v1/klines column order; an optional header row is skipped.

    ValueError names the line and, for a bad value, its column (1-based, with Binance's name for it).
    """
    bars: list[ReplayBar] = []
    numbers: list[int] = []
    reader = csv.reader(lines)
    for row in reader:
        if not row or (reader.line_num == 1 and not row[0].strip().isdigit()):
            continue
        bars.append(_parse_row(reader.line_num, row, tick_size))
        numbers.append(reader.line_num)
    _check_series(bars, numbers)
    return bars


def _parse_row(number: int, row: Sequence[str], tick_size: Decimal) -> ReplayBar:
    if len(row) < MIN_COLUMNS:
        raise ValueError(
            f"klines CSV line {number}, column {len(row) + 1} ({COLUMNS[len(row)]}): missing; "
            f"expected at least {MIN_COLUMNS} columns ({', '.join(COLUMNS)}), got {len(row)}"
        )
    open_ms, close_ms = (_whole(number, row, column) for column in (0, 6))
    prices = [_price(number, row, column, tick_size) for column in range(1, 5)]
    opened, high, low, closed = (int(price / tick_size) for price in prices)
    if not low <= min(opened, closed) <= max(opened, closed) <= high:
        raise ValueError(
            f"klines CSV line {number}, columns 2-5 (open, high, low, close): open/close must lie between low and high"
        )
    return ReplayBar(open_ms, close_ms, opened, high, low, closed)


def _where(number: int, column: int) -> str:
    return f"klines CSV line {number}, column {column + 1} ({COLUMNS[column]})"


def _whole(number: int, row: Sequence[str], column: int) -> int:
    text = row[column].strip()
    if not text.isdigit() or len(text) > MAX_MS_DIGITS:
        raise ValueError(f"{_where(number, column)}: not epoch milliseconds: {text[:20]!r}")
    return int(text)


def _price(number: int, row: Sequence[str], column: int, tick_size: Decimal) -> Decimal:
    text = row[column].strip()
    try:
        price = Decimal(text) if len(text) <= MAX_PRICE_TEXT else Decimal("NaN")
    except InvalidOperation:
        price = Decimal("NaN")
    if not price.is_finite():
        raise ValueError(f"{_where(number, column)}: not a number: {text[:20]!r}")
    if price <= 0 or price % tick_size:
        raise ValueError(f"{_where(number, column)}: price {price} is not a positive multiple of tick {tick_size}")
    return price


def _check_series(bars: Sequence[ReplayBar], numbers: Sequence[int] = ()) -> None:
    if not bars:
        raise ValueError("klines CSV has no rows")
    interval = bars[0].close_ms - bars[0].open_ms + 1
    if interval <= 0:
        raise ValueError(f"{_kline(numbers, 0)}: close time is before open time")
    for index, (before, bar) in enumerate(pairwise(bars), start=1):
        if bar.close_ms - bar.open_ms + 1 != interval:
            raise ValueError(f"{_kline(numbers, index)}: interval differs from the first kline's {interval} ms")
        if bar.open_ms != before.close_ms + 1:
            raise ValueError(f"{_kline(numbers, index)}: opens at {bar.open_ms}, expected {before.close_ms + 1}")


def _kline(numbers: Sequence[int], index: int) -> str:
    # A series built from bars (not a file) has no line numbers: name the kline by its place
    return f"klines CSV line {numbers[index]}" if numbers else f"klines CSV kline {index + 1}"


class ReplaySource(PriceSource):
    def __init__(
        self,
        bars: Sequence[ReplayBar],
        tick_size: Decimal,
        origin: datetime | None = None,
        step_ms: int | None = 250,
    ) -> None:
        """`step_ms` None: the coarsest step that still gives each kline COARSE_STEPS steps (coarse_step_ms)."""
        _check_series(bars)
        self._interval_ms = bars[0].close_ms - bars[0].open_ms + 1
        if step_ms is None:
            step_ms = coarse_step_ms(self._interval_ms)
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
        step_ms: int | None = 250,
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


def coarse_step_ms(interval_ms: int) -> int:
    """The longest step dividing both a minute (the tape's rule) and the interval at least COARSE_STEPS times."""
    fitting = [ms for ms in range(1, MINUTE_MS + 1) if MINUTE_MS % ms == 0 and interval_ms % ms == 0]
    return max((ms for ms in fitting if interval_ms // ms >= COARSE_STEPS), default=min(fitting))


def _inside(bar: ReplayBar, offset: int, steps: int) -> int:
    first, second = (bar.low, bar.high) if bar.close >= bar.open else (bar.high, bar.low)
    points = ((0, bar.open), (steps // 3, first), (2 * steps // 3, second), (steps - 1, bar.close))
    for (start, start_price), (end, end_price) in pairwise(points):
        if offset <= end:
            span = end - start
            return start_price + (2 * (end_price - start_price) * (offset - start) + span) // (2 * span)
    return bar.close
