"""Web login sessions (ADR 0083): one row per login, keeping only the SHA-256 of its current refresh token."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from ports.user_store import KEY_HASH, _check_aware, check_user_name

SESSION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
MAX_CLIENT = 100
MAX_AGENT = 200


class Ending(str, Enum):
    """Why a session ended before its time."""

    LOGOUT = "logout"
    LOGOUT_ALL = "logout-all"
    REFRESH_REUSE = "refresh-reuse"  # a rotated refresh token came back: taken as stolen
    PASSWORD = "password"  # noqa: S105 - a reason, not a secret
    ROLE = "role"
    DISABLED = "disabled"
    DELETED = "deleted"
    REVOKED = "revoked"  # by an operator (`alphaengine user sessions NAME --revoke-all`)
    TOO_MANY = "too-many"  # the user's oldest session, beyond the cap on open sessions


def check_session_id(session_id: str) -> str:
    """Return `session_id` if it is 16-64 URL-safe base64 characters."""
    if not isinstance(session_id, str) or not SESSION_ID.fullmatch(session_id):
        raise ValueError(f"session id {session_id!r} must be 16-64 letters, digits, '-' or '_'")
    return session_id


def _aware(moment: datetime | None, what: str) -> None:
    if moment is not None:
        _check_aware(moment, what)


@dataclass(frozen=True)
class WebSession:
    """A login: who, since when, last refreshed when, from which client and agent; hashes of its refresh tokens."""

    session_id: str
    user_name: str
    created_at: datetime
    last_seen_at: datetime
    client: str
    agent: str
    refresh_hash: str
    # The token rotated away last, and when: presented again after a grace, it proves a copy is in other hands
    previous_hash: str | None = None
    rotated_at: datetime | None = None
    ended_at: datetime | None = None
    ended_why: Ending | None = None

    def __post_init__(self) -> None:
        check_session_id(self.session_id)
        check_user_name(self.user_name)
        _check_aware(self.created_at, "created_at")
        _check_aware(self.last_seen_at, "last_seen_at")
        _aware(self.rotated_at, "rotated_at")
        _aware(self.ended_at, "ended_at")
        if not isinstance(self.client, str) or len(self.client) > MAX_CLIENT:
            raise ValueError(f"session client must be text of at most {MAX_CLIENT} characters")
        if not isinstance(self.agent, str) or len(self.agent) > MAX_AGENT:
            raise ValueError(f"session agent must be text of at most {MAX_AGENT} characters")
        for digest in (self.refresh_hash, self.previous_hash):
            if digest is not None and (not isinstance(digest, str) or not KEY_HASH.fullmatch(digest)):
                raise ValueError("a refresh token hash must be 64 lowercase hex digits (SHA-256)")
        if (self.ended_at is None) != (self.ended_why is None):
            raise ValueError("an ended session needs both ended_at and ended_why")

    def ends_at(self, idle: timedelta, lifetime: timedelta) -> datetime:
        """When it ends unless refreshed: idle after its last refresh, or at its absolute lifetime."""
        return min(self.last_seen_at + idle, self.created_at + lifetime)

    def is_live(self, now: datetime, idle: timedelta, lifetime: timedelta) -> bool:
        """Not ended, not idle too long and not past its lifetime at `now`."""
        return self.ended_at is None and now < self.ends_at(idle, lifetime)


class SessionStore(ABC):
    @abstractmethod
    def start(self, session: WebSession, keep: int) -> None:
        """Store a new session; then end (TOO_MANY) the user's oldest unended sessions beyond `keep`."""

    @abstractmethod
    def get(self, session_id: str) -> WebSession | None:
        """Return the session `session_id`, ended or not, or None (also after it was pruned)."""

    @abstractmethod
    def rotate(self, session_id: str, expected_hash: str, new_hash: str, at: datetime) -> bool:
        """If the session is unended and its refresh hash is `expected_hash`, make `new_hash` current, the expected one
        previous, and `at` its last seen and rotation time; True if so (one winner among concurrent rotations)."""

    @abstractmethod
    def end(self, session_id: str, at: datetime, why: Ending) -> bool:
        """End the session at `at` for `why` if it is unended; True if it was."""

    @abstractmethod
    def end_sessions(self, user_name: str, at: datetime, why: Ending, keep: str | None = None) -> int:
        """End every unended session of `user_name` except `keep`; return how many."""

    @abstractmethod
    def sessions(self, user_name: str) -> list[WebSession]:
        """Return the user's unended sessions, newest first (liveness by idle time and lifetime is the caller's)."""

    @abstractmethod
    def prune(self, seen_before: datetime, created_before: datetime) -> int:
        """Delete sessions last seen before `seen_before` or created before `created_before`; return how many."""
