"""Instants as text and as Binance epoch milliseconds: always timezone-aware UTC, so equal instants give equal text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache


class NotUtc(ValueError):
    """A time without a timezone: every time in the system is timezone-aware UTC."""


def format_utc(moment: datetime) -> str:
    """ISO-8601 with microseconds, always UTC, so equal instants give equal text."""
    if moment.tzinfo is None:
        raise NotUtc(f"naive datetime {moment!r}: times must be timezone-aware UTC")
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    if moment.year < 1000 or type(moment) is not datetime:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    # isoformat is several times faster than strftime and, from year 1000 on, gives the same text
    return f"{moment.replace(tzinfo=None).isoformat(timespec='microseconds')}Z"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MS = timedelta(milliseconds=1)


def epoch_ms(moment: datetime) -> int:
    """Whole milliseconds since the epoch, as Binance counts time (integer arithmetic: no float rounding)."""
    if moment.tzinfo is None:
        raise NotUtc(f"naive datetime {moment!r}: times must be timezone-aware UTC")
    return (moment - EPOCH) // _ONE_MS


def from_epoch_ms(millis: int) -> datetime:
    """The aware UTC instant of Binance epoch milliseconds."""
    return EPOCH + timedelta(milliseconds=millis)


def parse_utc(text: str) -> datetime:
    return _parse_utc(text) if type(text) is str else _parse_utc.__wrapped__(text)


@lru_cache(maxsize=4096)
def _parse_utc(text: str) -> datetime:
    # Cached because datetimes are immutable and a replay meets each text several times (an event's ts, a fill's
    # time, its fee's time)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise NotUtc(f"datetime {text!r} has no timezone")
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)
