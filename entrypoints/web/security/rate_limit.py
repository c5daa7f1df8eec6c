"""A sliding-window limiter per client (login attempts), on the injected clock."""

from __future__ import annotations

import math
import threading
from collections import deque
from datetime import datetime, timedelta

from ports.clock import Clock

MAX_CLIENTS = 10_000


class SlidingWindowLimiter:
    """At most `limit` hits per `window` for each key; a refused hit is not counted."""

    def __init__(self, limit: int, window: timedelta, clock: Clock) -> None:
        if limit < 1 or window <= timedelta(0):
            raise ValueError(f"a rate limit needs limit >= 1 and a positive window, got {limit} per {window}")
        self._limit, self._window, self._clock = limit, window, clock
        self._hits: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> int | None:
        """Count one hit for `key`; return None if allowed, else the whole seconds to wait before retrying."""
        now = self._clock.now()
        with self._lock:
            hits = self._recent(key, now)
            if len(hits) >= self._limit:
                return max(1, math.ceil((hits[0] + self._window - now).total_seconds()))
            hits.append(now)
            return None

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        if key not in self._hits and len(self._hits) >= MAX_CLIENTS:
            self._forget_idle(now)
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] + self._window <= now:
            hits.popleft()
        return hits

    def _forget_idle(self, now: datetime) -> None:
        # Bounded memory under a flood of client addresses: drop every client whose window has passed
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] + self._window <= now]:
            del self._hits[key]
