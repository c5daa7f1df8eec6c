"""A clock that moves only when told and ids that count up: deterministic time and identity for tests and demos."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from ports.clock import Clock, IdGenerator

DEFAULT_START = datetime(2026, 1, 1, tzinfo=UTC)


class ManualClock(Clock):
    def __init__(self, start: datetime = DEFAULT_START) -> None:
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError(f"ManualClock needs an aware start time, got {start!r}")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | float = 1.0) -> datetime:
        """Move forward by `delta` (a timedelta or seconds) and return the new time; moving back raises ValueError."""
        step = delta if isinstance(delta, timedelta) else timedelta(seconds=delta)
        if step < timedelta(0):
            raise ValueError(f"a clock never goes backwards (asked to advance by {step})")
        self._now += step
        return self._now


class SequentialIds(IdGenerator):
    """`<prefix>00000001`, `<prefix>00000002`, …: unique per generator, sortable, easy to read in assertions."""

    def __init__(self, prefix: str = "id-") -> None:
        self._prefix = prefix
        self._counter = itertools.count(1)

    def new_id(self) -> str:
        return f"{self._prefix}{next(self._counter):08d}"
