"""The event envelope: metadata shared by every fact, around a typed payload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from domain.values import Scope, Source


@dataclass(frozen=True)
class EventPayload:
    """Base of every event payload; TYPE is the stable stored name, never a Python path."""

    TYPE: ClassVar[str] = ""

    def natural_key(self) -> str | None:
        """The identity of the fact itself, so the same fact seen twice dedups; None = every event is new."""
        return None


@dataclass(frozen=True)
class Event:
    event_id: str
    ts: datetime
    scope: Scope
    source: Source
    dedup_key: str
    correlation_id: str
    causation_id: str | None
    payload: EventPayload

    @property
    def type(self) -> str:
        return self.payload.TYPE


@dataclass(frozen=True)
class StoredEvent:
    """An event with its position in the global, gap-free order of the store."""

    seq: int
    event: Event


def new_event(
    payload: EventPayload,
    *,
    event_id: str,
    ts: datetime,
    scope: Scope,
    source: Source,
    correlation_id: str | None = None,
    causation_id: str | None = None,
) -> Event:
    """Wrap a payload; the dedup key is the payload's natural key within the symbol, else the event id."""
    if ts.tzinfo is None or ts.utcoffset() is None:
        raise ValueError(f"event {payload.TYPE} has a naive timestamp {ts!r}; times must be aware UTC")
    dedup_key = natural_dedup_key(payload, scope.symbol) or f"{payload.TYPE}:{event_id}"
    return Event(
        event_id=event_id,
        ts=ts,
        scope=scope,
        source=source,
        dedup_key=dedup_key,
        correlation_id=correlation_id or event_id,
        causation_id=causation_id,
        payload=payload,
    )


def natural_dedup_key(payload: EventPayload, symbol: str) -> str | None:
    """The dedup key `payload` is stored under when it names its own identity; None = each event of it is new."""
    natural = payload.natural_key()
    return None if natural is None else f"{symbol}:{natural}"
