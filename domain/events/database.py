"""Facts about the database itself: which exchange account it records (ADR 0046, ADR 0051)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.events.envelope import EventPayload


@dataclass(frozen=True)
class DatabaseAccountRebound(EventPayload):
    """An operator rebound the database to a rotated API key: fingerprints only, never a key; `verified` False when
    the exchange check was skipped (--offline)."""

    TYPE = "database.account_rebound.v1"
    old_account: str
    new_account: str
    rebound_by: str
    verified: bool
