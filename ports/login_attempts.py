"""Login attempts counted per key (a client address, a user name tried) in sliding windows; they outlive a restart."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime, timedelta

MAX_KEY_LENGTH = 200


def check_attempt(key: str, now: datetime, limit: int, window: timedelta) -> None:
    """Refuse what no store should hold: an empty or overlong key, a naive time, a limit or window below one."""
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"a login attempt key must be 1-{MAX_KEY_LENGTH} characters, got {key!r}")
    if not isinstance(now, datetime) or now.utcoffset() is None:
        raise ValueError(f"a login attempt time must be timezone-aware, got {now!r}")
    if limit < 1 or window <= timedelta(0):
        raise ValueError(f"a rate limit needs limit >= 1 and a positive window, got {limit} per {window}")


def retry_at(recent: list[datetime], limit: int, window: timedelta) -> datetime | None:
    """When one more attempt fits, given the ascending times still inside the window; None when one fits now."""
    if len(recent) < limit:
        return None
    return recent[len(recent) - limit] + window


class LoginAttempts(ABC):
    @abstractmethod
    def try_attempt(self, key: str, now: datetime, limit: int, window: timedelta) -> datetime | None:
        """Record an attempt under `key` at `now` and return None, unless `limit` lie in (now - window, now]: then
        record nothing and return when one more will fit."""

    @abstractmethod
    def withdraw(self, key: str, at: datetime) -> bool:
        """Delete one attempt recorded under `key` at exactly `at`; True if there was one."""

    @abstractmethod
    def forget(self, before: datetime, keep: int) -> int:
        """Delete the attempts at or before `before`, then the oldest until at most `keep` remain; return how many."""
