"""The "429 storm" fault: answer HTTP 429 / -1003 to the next N requests, or to every request for T seconds."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from domain.times import epoch_ms
from ports.clock import Clock

_log = logging.getLogger(__name__)
MINUTE_MS = 60_000


class StormSwitch:
    """Armed at start-up or at run time; a forced 429 does not count weight and never escalates to a 418 ban."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._remaining = 0
        self._until: datetime | None = None

    def force_next(self, requests: int) -> None:
        """The next `requests` requests get 429; Retry-After is the rest of the current minute, as for a real limit."""
        if isinstance(requests, bool) or not isinstance(requests, int) or requests < 1:
            raise ValueError(f"a 429 storm needs a positive request count, got {requests!r}")
        self._remaining = requests
        _log.info("fault armed: 429 storm for the next %d requests", requests)

    def force_for(self, duration: timedelta | float) -> None:
        """Every request gets 429 for `duration` (a timedelta or seconds); Retry-After counts down to its end."""
        span = duration if isinstance(duration, timedelta) else timedelta(seconds=duration)
        if span <= timedelta(0):
            raise ValueError(f"a 429 storm needs a positive duration, got {duration!r}")
        self._until = self._clock.now() + span
        _log.info("fault armed: 429 storm until %s", self._until.isoformat())

    def clear(self) -> None:
        self._remaining = 0
        self._until = None
        _log.info("fault cleared: 429 storm")

    @property
    def active(self) -> bool:
        return self._remaining > 0 or self._timed_ms_left() > 0

    def take(self) -> int | None:
        """If this request is forced to 429, consume it and return its Retry-After seconds; else None."""
        timed_left = self._timed_ms_left()
        if timed_left > 0:
            return _ceil_seconds(timed_left)
        if self._remaining > 0:
            self._remaining -= 1
            now = epoch_ms(self._clock.now())
            _log.info("fault: forced 429 (%d storm requests left)", self._remaining)
            return _ceil_seconds(MINUTE_MS - now % MINUTE_MS)
        return None

    def _timed_ms_left(self) -> int:
        if self._until is None:
            return 0
        return max(0, epoch_ms(self._until) - epoch_ms(self._clock.now()))


def _ceil_seconds(millis: int) -> int:
    return max(1, -(-millis // 1000))
