"""Binance kline intervals and where their klines open: UTC boundaries, weeks on Monday, months on the 1st."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from domain.times import epoch_ms, from_epoch_ms

MINUTE_MS = 60_000
DAY_MS = 1440 * MINUTE_MS
_WEEK_OFFSET_MS = 4 * DAY_MS  # 1970-01-01 was a Thursday; the first Monday is four days later
_LENGTHS = {
    "1m": MINUTE_MS,
    "3m": 3 * MINUTE_MS,
    "5m": 5 * MINUTE_MS,
    "15m": 15 * MINUTE_MS,
    "30m": 30 * MINUTE_MS,
    "1h": 60 * MINUTE_MS,
    "2h": 120 * MINUTE_MS,
    "4h": 240 * MINUTE_MS,
    "6h": 360 * MINUTE_MS,
    "8h": 480 * MINUTE_MS,
    "12h": 720 * MINUTE_MS,
    "1d": DAY_MS,
    "3d": 3 * DAY_MS,
    "1w": 7 * DAY_MS,
}
NAMES = (*_LENGTHS, "1M")


@dataclass(frozen=True)
class Interval:
    """One kline interval by its Binance name (1m … 1w, and 1M for calendar months)."""

    name: str

    def __post_init__(self) -> None:
        if self.name not in NAMES:
            raise ValueError(f"unknown kline interval {self.name!r}; Binance accepts {', '.join(NAMES)}")

    def floor(self, moment_ms: int) -> int:
        """Return the open time of the kline containing `moment_ms`."""
        if self.name == "1M":
            moment = from_epoch_ms(moment_ms)
            return epoch_ms(datetime(moment.year, moment.month, 1, tzinfo=UTC))
        offset = _WEEK_OFFSET_MS if self.name == "1w" else 0
        return moment_ms - (moment_ms - offset) % _LENGTHS[self.name]

    def next_open(self, open_ms: int) -> int:
        """Return the open time of the kline after the one opening at `open_ms`."""
        if self.name != "1M":
            return open_ms + _LENGTHS[self.name]
        opened = from_epoch_ms(open_ms)
        year, month = divmod(opened.year * 12 + opened.month, 12)
        return epoch_ms(datetime(year, month + 1, 1, tzinfo=UTC))

    def previous_open(self, open_ms: int) -> int:
        """Return the open time of the kline before the one opening at `open_ms`."""
        return self.floor(open_ms - 1)

    def close_time(self, open_ms: int) -> int:
        """Return the kline's closeTime: the next open minus one millisecond, as Binance reports it."""
        return self.next_open(open_ms) - 1
