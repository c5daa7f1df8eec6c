"""The audit trail of the web: who did what, with which credential, from where, and how it ended (append-only)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, fields
from datetime import datetime

from domain.text import unstorable

# A field names a user, a credential, an address, a route or an outcome: 200 characters is far above any of them
MAX_FIELD_LENGTH = 200
# What a detail says (a command's id and payload, a refusal's reason) fits in this; the rest is cut, never refused
MAX_DETAIL_LENGTH = 1000
MAX_PAGE = 1000
CUT = "…"
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class AuditEntry:
    """One audited request. user/role are "" when nobody is known; credential is "session:<jti>", "key:<key_id>" or
    "anonymous"; outcome is "ok", "refused: <reason>" or "failed: <reason>"; status the HTTP status answered."""

    at: datetime
    user: str
    role: str
    credential: str
    client: str
    action: str
    status: int
    outcome: str
    detail: str = ""


@dataclass(frozen=True)
class AuditRecord:
    """An entry as stored: `id` ascends in the order entries were appended."""

    id: int
    entry: AuditEntry


@dataclass(frozen=True)
class AuditQuery:
    """Newest first: entries of `user` (exact name) between since and until (inclusive), ids below before_id."""

    user: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    before_id: int | None = None
    limit: int = 100

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_PAGE:
            raise ValueError(f"limit: must be between 1 and {MAX_PAGE}, got {self.limit}")
        for name, moment in (("since", self.since), ("until", self.until)):
            if moment is not None and moment.utcoffset() is None:
                raise ValueError(f"{name}: must be timezone-aware, got {moment!r}")
        if self.before_id is not None and self.before_id < 1:
            raise ValueError(f"before_id: must be at least 1, got {self.before_id}")

    def matches(self, record: AuditRecord) -> bool:
        """The filter the stores apply, stated once for the in-memory one."""
        entry = record.entry
        return (
            (self.user is None or entry.user == self.user)
            and (self.since is None or entry.at >= self.since)
            and (self.until is None or entry.at <= self.until)
            and (self.before_id is None or record.id < self.before_id)
        )


def capped(text: str, limit: int = MAX_FIELD_LENGTH) -> str:
    """`text` cut to `limit` characters, marked with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - len(CUT)] + CUT


def check_entry(entry: AuditEntry) -> None:
    """Refuse what no store should hold: a naive time, an unknown status, an overlong or unstorable text."""
    if not isinstance(entry.at, datetime) or entry.at.utcoffset() is None:
        raise ValueError(f"at: an audit entry's time must be timezone-aware, got {entry.at!r}")
    if not 100 <= entry.status <= 599:
        raise ValueError(f"status: must be an HTTP status (100-599), got {entry.status}")
    for field in fields(entry):
        value = getattr(entry, field.name)
        if not isinstance(value, str):
            continue
        limit = MAX_DETAIL_LENGTH if field.name == "detail" else MAX_FIELD_LENGTH
        if len(value) > limit:
            raise ValueError(f"{field.name}: must be at most {limit} characters; cut it with capped()")
        if unstorable(value):
            raise ValueError(f"{field.name}: must not hold unpaired surrogates; escape it with domain.text.shown")


class AuditLog(ABC):
    """Append-only: no method changes or removes an entry once appended."""

    @abstractmethod
    def append(self, entry: AuditEntry) -> int:
        """Store `entry` (checked by check_entry, else ValueError) and return its id, above every earlier one."""

    @abstractmethod
    def page(self, query: AuditQuery) -> list[AuditRecord]:
        """At most query.limit entries matching `query`, newest (highest id) first."""

    @abstractmethod
    def count(self, query: AuditQuery | None = None) -> int:
        """How many entries match `query`'s filters (its limit ignored); every entry when None."""
