"""The wall clock, clamped so it never goes backwards within a process (NTP steps, VM resumes)."""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from typing import Callable

from ports.clock import Clock


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class SystemClock(Clock):
    """Aware UTC; a reading earlier than the last one returns the last one again."""

    def __init__(self, wall: Callable[[], datetime] = _utc_now) -> None:
        self._wall = wall
        self._last: datetime | None = None
        self._lock = threading.Lock()

    def now(self) -> datetime:
        reading = self._wall().astimezone(timezone.utc)
        with self._lock:
            if self._last is not None and reading < self._last:
                return self._last
            self._last = reading
            return reading
