"""The wall clock, clamped so it never goes backwards within a process (NTP steps, VM resumes)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

from ports.clock import Clock


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SystemClock(Clock):
    """Aware UTC; a reading earlier than the last one returns the last one again."""

    def __init__(self, wall: Callable[[], datetime] = _utc_now) -> None:
        self._wall = wall
        self._last: datetime | None = None
        self._lock = threading.Lock()

    def now(self) -> datetime:
        reading = self._wall().astimezone(UTC)
        with self._lock:
            if self._last is not None and reading < self._last:
                return self._last
            self._last = reading
            return reading
