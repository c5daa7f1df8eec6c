"""Exchange time: milliseconds since the Unix epoch, from aware datetimes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MILLISECOND = timedelta(milliseconds=1)
DAY_MS = 86_400_000


def to_millis(moment: datetime | int) -> int:
    """Milliseconds since the epoch; an int passes through (already Binance time)."""
    if isinstance(moment, int):
        return moment
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"exchange times must be timezone-aware, got {moment!r}")
    return (moment - _EPOCH) // _MILLISECOND
