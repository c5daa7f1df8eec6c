"""Automation API keys: `ae_<id>_<secret>`, shown once; only the SHA-256 of the whole key is stored.

A new key's scope is at most its owner's role, its expiry is bounded, its label is one clean line: the CLI and the
web create keys through `new_api_key` after these checks, each naming its own field.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from domain.text import text_problem
from ports.user_store import ApiKey, Role, User

PREFIX = "ae_"
HEADER = "X-API-Key"
MAX_LABEL_LENGTH = 64
# Ten years: long enough for any automation, short enough that every key ends
MAX_EXPIRY_DAYS = 3650
# A key's last use is written at most this often, so a busy automation does not write at every request
USE_RECORDED_EVERY = timedelta(minutes=1)


class KeyRefused(ValueError):
    """A new key cannot be made as asked; the message names the field and what to give instead."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field


def new_api_key(
    user_name: str, label: str, now: datetime, role: Role = Role.ADMIN, expires_at: datetime | None = None
) -> tuple[str, ApiKey]:
    """Return the key text (give it to the user once) and the record to store."""
    key_id = secrets.token_hex(6)
    text = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    return text, ApiKey(key_id, key_digest(text), user_name, label, now, role, expires_at)


def key_digest(text: str) -> str:
    """SHA-256 hex of a presented key: the key carries 256 random bits, so a fast hash cannot be brute-forced."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def key_scope(owner: User, asked: Role | None, field: str) -> Role:
    """The scope of owner's new key: `asked`, or the owner's own role; KeyRefused when `asked` is above that role."""
    if asked is None:
        return owner.role
    if not owner.role.allows(asked):
        raise KeyRefused(
            field,
            f"{asked.value} is above the role of {owner.name!r} ({owner.role.value}); give {owner.role.value} or lower",
        )
    return asked


def key_label(label: str, field: str) -> str:
    """`label` if it is one clean line of at most MAX_LABEL_LENGTH characters."""
    problem = text_problem(label, MAX_LABEL_LENGTH)
    if problem is not None:
        raise KeyRefused(field, problem)
    return label


def expiry_in_days(now: datetime, days: int, field: str) -> datetime:
    """`days` whole days after `now`; KeyRefused unless 1 ≤ days ≤ MAX_EXPIRY_DAYS."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXPIRY_DAYS:
        raise KeyRefused(field, f"must be a whole number of days from 1 to {MAX_EXPIRY_DAYS}, got {days!r}")
    return now + timedelta(days=days)


def expiry_at(now: datetime, text: str, field: str) -> datetime:
    """The ISO-8601 time `text` (with its zone); KeyRefused unless it is after `now` and within MAX_EXPIRY_DAYS."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise KeyRefused(field, f"{text!r} is not an ISO-8601 time; write e.g. 2027-01-31T00:00:00Z") from None
    if moment.utcoffset() is None:
        raise KeyRefused(field, f"{text!r} has no time zone; add one, e.g. Z for UTC")
    if moment <= now:
        raise KeyRefused(field, f"{text!r} is not in the future")
    if moment > now + timedelta(days=MAX_EXPIRY_DAYS):
        raise KeyRefused(field, f"{text!r} is more than {MAX_EXPIRY_DAYS} days ahead")
    return moment
