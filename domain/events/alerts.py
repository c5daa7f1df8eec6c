"""Facts about alerting (ADR 0078): each boot, and each incident raised and cleared, so the memory of what was sent
survives a restart and a crash loop is seen from the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.events.envelope import EventPayload


@dataclass(frozen=True)
class BotBooted(EventPayload):
    """A bot took the lease and began to boot."""

    TYPE = "bot.booted.v1"
    holder: str
    booted_at: datetime


@dataclass(frozen=True)
class AlertRaised(EventPayload):
    """An incident opened and the operator was told (unless the rate bound held the message back: sent False)."""

    TYPE = "alert.raised.v1"
    kind: str
    subject: str
    summary: str
    sent: bool


@dataclass(frozen=True)
class AlertCleared(EventPayload):
    """The incident's condition is gone: a recurrence is a new incident and is alerted again."""

    TYPE = "alert.cleared.v1"
    kind: str
    subject: str
