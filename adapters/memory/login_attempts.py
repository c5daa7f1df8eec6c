"""Login attempts kept in process memory, with the SQLite store's rules."""

from __future__ import annotations

import heapq
import itertools
import threading
from datetime import datetime, timedelta

from ports.login_attempts import LoginAttempts, check_attempt, retry_at


class InMemoryLoginAttempts(LoginAttempts):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Each key's attempts as (time, order recorded): the order breaks ties as SQLite's rowid does
        self._attempts: dict[str, list[tuple[datetime, int]]] = {}
        self._order = itertools.count()

    def try_attempt(self, key: str, now: datetime, limit: int, window: timedelta) -> datetime | None:
        check_attempt(key, now, limit, window)
        since = now - window
        with self._lock:
            recent = sorted(at for at, _ in self._attempts.get(key, ()) if at > since)
            refused = retry_at(recent, limit, window)
            if refused is None:
                self._attempts.setdefault(key, []).append((now, next(self._order)))
            return refused

    def withdraw(self, key: str, at: datetime) -> bool:
        with self._lock:
            attempts = self._attempts.get(key, [])
            found = next((attempt for attempt in attempts if attempt[0] == at), None)
            if found is None:
                return False
            attempts.remove(found)
            return True

    def forget(self, before: datetime, keep: int) -> int:
        with self._lock:
            every = [(attempt, key) for key, attempts in self._attempts.items() for attempt in attempts]
            kept = [(attempt, key) for attempt, key in every if attempt[0] > before]
            kept = heapq.nlargest(max(0, keep), kept) if len(kept) > keep else kept
            self._attempts = {}
            for attempt, key in sorted(kept, key=lambda found: found[0][1]):
                self._attempts.setdefault(key, []).append(attempt)
            return len(every) - len(kept)
