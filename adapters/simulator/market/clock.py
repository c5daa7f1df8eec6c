"""Simulated time: real elapsed time × an acceleration factor from a start instant, or a manual clock for tests.

Klines, funding and listenKey expiry all read this clock. Real time comes from an injected callable returning
seconds (time.monotonic in production), so tests drive it by hand and stay deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from ports.clock import Clock


class SimulatedClock(Clock):
    """Accelerated when given a real-time source, manual (moves only through advance()) when not."""

    def __init__(
        self,
        start: datetime,
        factor: float | Decimal = 1,
        real: Callable[[], float] | None = None,
    ) -> None:
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError(f"the simulated clock needs an aware start time, got {start!r}")
        self._real = real
        self._factor = _check_factor(factor)
        self._base = start.astimezone(UTC)
        self._real_base = real() if real is not None else 0.0
        self._last = self._base

    @classmethod
    def manual(cls, start: datetime) -> SimulatedClock:
        """A clock that moves only when advance() is called."""
        return cls(start)

    @property
    def factor(self) -> float:
        """Simulated seconds per real second (ignored by a manual clock)."""
        return self._factor

    @property
    def is_manual(self) -> bool:
        return self._real is None

    def now(self) -> datetime:
        if self._real is not None:
            self._last = max(self._last, self._reading(self._real()))
        return self._last

    def advance(self, delta: timedelta | float) -> datetime:
        """Jump forward by `delta` (a timedelta or simulated seconds) in either mode; return the new time."""
        step = delta if isinstance(delta, timedelta) else timedelta(seconds=delta)
        if step < timedelta(0):
            raise ValueError(f"simulated time never goes backwards (asked to advance by {step})")
        self._rebase()
        self._base += step
        self._last = self._base
        return self._last

    def set_factor(self, factor: float | Decimal) -> None:
        """Change the acceleration from now on (0 pauses); time already elapsed is kept."""
        checked = _check_factor(factor)
        self._rebase()
        self._factor = checked

    def _rebase(self) -> None:
        # One real reading, so no real time slips between the old and the new base
        if self._real is not None:
            reading = self._real()
            self._last = max(self._last, self._reading(reading))
            self._real_base = reading
        self._base = self._last

    def _reading(self, real_now: float) -> datetime:
        elapsed = (real_now - self._real_base) * self._factor
        return self._base + timedelta(seconds=max(0.0, elapsed))


def _check_factor(factor: float | Decimal) -> float:
    if not factor >= 0:
        raise ValueError(f"the acceleration factor must be ≥ 0, got {factor}")
    return float(factor)
