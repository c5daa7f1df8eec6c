"""The login limiter: sliding windows per rule and key (a real client, a user name tried), on the injected clock.

Attempts live in the LoginAttempts store (the database in production), so a restart of the web forgets none.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from ports.clock import Clock
from ports.login_attempts import LoginAttempts

# Far above what the limits let the busiest site record in a window; the oldest go first past it
MAX_ATTEMPTS = 100_000
PRUNE_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Rule:
    """At most `limit` attempts per `window` for each key of kind `name`."""

    name: str
    limit: int
    window: timedelta

    def __post_init__(self) -> None:
        if self.limit < 1 or self.window <= timedelta(0):
            raise ValueError(f"a rate limit needs limit >= 1 and a positive window, got {self.limit} per {self.window}")


@dataclass(frozen=True)
class Attempt:
    """One hit: its key and time (to withdraw it), and the whole seconds to wait when it was refused (else None)."""

    key: str
    at: datetime
    retry_after: int | None


class SlidingWindowLimiter:
    """Counts hits per rule and key in the store; a refused hit is not counted."""

    def __init__(self, attempts: LoginAttempts, clock: Clock, rules: tuple[Rule, ...]) -> None:
        if not rules:
            raise ValueError("a limiter needs at least one rule")
        self._attempts, self._clock = attempts, clock
        self._horizon = max(rule.window for rule in rules)
        self._pruned: datetime | None = None
        self._lock = threading.Lock()

    def hit(self, rule: Rule, subject: str) -> Attempt:
        """Count one hit of `subject` under `rule` (runs on a store worker: it reads and writes the store)."""
        now, key = self._clock.now(), f"{rule.name}:{subject}"
        self._prune(now)
        until = self._attempts.try_attempt(key, now, rule.limit, rule.window)
        wait = None if until is None else max(1, math.ceil((until - now).total_seconds()))
        return Attempt(key, now, wait)

    def withdraw(self, attempt: Attempt) -> None:
        """Uncount a counted hit (a login that succeeded no longer counts against its account)."""
        if attempt.retry_after is None:
            self._attempts.withdraw(attempt.key, attempt.at)

    def _prune(self, now: datetime) -> None:
        with self._lock:
            due = self._pruned is None or now - self._pruned >= PRUNE_EVERY
            if due:
                self._pruned = now
        if due:
            # Bounded table under a flood of addresses or user names: nothing older than the longest window counts
            self._attempts.forget(now - self._horizon, MAX_ATTEMPTS)
