"""The one way the bot writes an event: stamp the fact (id, time, scope, source, correlation, causation), append it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from domain.events import Event, EventPayload, natural_dedup_key, new_event
from domain.values import Scope, Source
from ports.clock import Clock, IdGenerator
from ports.event_store import Appended, EventStore


class EventWriter:
    """Appends facts stamped with the clock's time and the bot's scope, each with a fresh id unless a natural one
    is given: ids derived from what caused a fact (a decision, a command, a config version) make writing it again
    after a crash a no-op, so they are passed through exactly as given."""

    def __init__(self, events: EventStore, ids: IdGenerator, clock: Clock, scope: Scope) -> None:
        self._events, self._ids, self._clock, self._scope = events, ids, clock, scope

    @property
    def scope(self) -> Scope:
        return self._scope

    def append(
        self,
        payloads: Sequence[EventPayload],
        source: Source,
        *,
        event_ids: Sequence[str] | None = None,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> list[Appended]:
        """Append the payloads in one transaction; `event_ids`, if given, names each one (else fresh ids)."""
        ids = [self._ids.new_id() for _ in payloads] if event_ids is None else list(event_ids)
        events = stamped(
            payloads,
            source,
            event_ids=ids,
            ts=self._clock.now(),
            scope=self._scope,
            correlation_id=correlation_id,
            causation_id=causation_id,
        )
        return self._events.append(events)

    def unseen(self, payloads: Sequence[EventPayload]) -> list[EventPayload]:
        """The payloads whose fact the log does not hold yet, in order; one with no natural key is always new."""
        return [payload for payload in payloads if not self._seen(payload)]

    def _seen(self, payload: EventPayload) -> bool:
        key = natural_dedup_key(payload, self._scope.symbol)
        return key is not None and self._events.get_by_dedup_key(key) is not None


def stamped(
    payloads: Sequence[EventPayload],
    source: Source,
    *,
    event_ids: Sequence[str],
    ts: datetime,
    scope: Scope,
    correlation_id: str | None = None,
    causation_id: str | None = None,
) -> list[Event]:
    """The events of `payloads`, one per id; the writer's stamping, open to a bench that fabricates a past log."""
    if len(event_ids) != len(payloads):
        raise ValueError(f"event_ids: {len(event_ids)} ids for {len(payloads)} payloads; give one id per payload")
    return [
        new_event(
            payload,
            event_id=event_id,
            ts=ts,
            scope=scope,
            source=source,
            correlation_id=correlation_id,
            causation_id=causation_id,
        )
        for payload, event_id in zip(payloads, event_ids, strict=True)
    ]
