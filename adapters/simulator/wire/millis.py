"""Server time in Binance epoch milliseconds, read from an injected Clock without float rounding."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ports.clock import Clock

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
ONE_MS = timedelta(milliseconds=1)


def to_epoch_ms(moment: datetime) -> int:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got naive {moment!r}")
    # Integer timedelta division: float timestamps lose microseconds far from the epoch
    return (moment - EPOCH) // ONE_MS


def server_time_ms(clock: Clock) -> int:
    """The simulator's serverTime: what `GET /fapi/v1/time` reports and the timestamp checks compare against."""
    return to_epoch_ms(clock.now())
