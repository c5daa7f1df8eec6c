"""The single-instance lease kept in process memory, with the SQLite store's rules."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from ports.lease import Lease, LeaseAttempt, LeaseStore, grant, renewed, taken_over


class InMemoryLeaseStore(LeaseStore):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lease: Lease | None = None

    def acquire(self, holder: str, ttl: timedelta, now: datetime) -> LeaseAttempt:
        with self._lock:
            attempt = grant(self._lease, holder, ttl, now)
            if attempt.granted:
                self._lease = attempt.lease
        return attempt

    def take_over(self, dead: Lease, holder: str, ttl: timedelta, now: datetime) -> LeaseAttempt:
        with self._lock:
            attempt = taken_over(self._lease, dead, holder, ttl, now)
            if attempt.granted:
                self._lease = attempt.lease
        return attempt

    def heartbeat(self, holder: str, now: datetime) -> Lease:
        with self._lock:
            self._lease = renewed(self._lease, holder, now)
            return self._lease

    def release(self, holder: str) -> None:
        with self._lock:
            if self._lease is not None and self._lease.holder == holder:
                self._lease = None

    def current(self) -> Lease | None:
        with self._lock:
            return self._lease
