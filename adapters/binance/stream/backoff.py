"""Exponential reconnect delays with jitter, so many clients cut at once do not reconnect in lockstep."""

from __future__ import annotations

import random


class Backoff:
    """Delay before reopen number `failures` (0 = the first retry after a healthy session: immediate).

    "Equal jitter": half the exponential step is fixed and half is random, so a delay never collapses to
    zero after a failure (no hot loop) and clients still spread out. The random source is injected so
    tests can seed it.
    """

    def __init__(
        self, base: float = 0.5, factor: float = 2.0, cap: float = 60.0, rng: random.Random | None = None
    ) -> None:
        if base <= 0 or cap <= 0:
            raise ValueError(f"backoff base and cap must be positive seconds (got base={base}, cap={cap})")
        if factor < 1:
            raise ValueError(f"backoff factor must be at least 1 (got {factor})")
        self._base, self._factor, self._cap = base, factor, cap
        self._rng = rng if rng is not None else random.Random()  # noqa: S311 - jitter, not a secret

    def delay(self, failures: int) -> float:
        """Seconds to wait before the next attempt after `failures` consecutive failed sessions."""
        if failures < 0:
            raise ValueError(f"failure count cannot be negative (got {failures})")
        if failures == 0:
            return 0.0
        # The exponent is bounded so a long outage cannot overflow the float
        step = min(self._cap, self._base * self._factor ** min(failures - 1, 64))
        return step / 2 + self._rng.uniform(0, step / 2)
