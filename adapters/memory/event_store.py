"""The append-only event log kept in process memory, with the same guarantees as the SQLite log."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from adapters.records.checks import check_count, check_event_query
from adapters.records.event_rows import event_to_row, stored_form
from domain.events import Event, StoredEvent
from ports.errors import StorageError
from ports.event_store import Appended, EventQuery, EventStore


class InMemoryEventStore(EventStore):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: list[StoredEvent] = []
        self._seq_by_dedup_key: dict[str, int] = {}
        self._event_ids: set[str] = set()

    def append(self, events: Sequence[Event]) -> list[Appended]:
        # Round trip through the stored form: the same validation and the same read-back values as SQLite
        stored = [stored_form(event) for event in events]
        with self._lock:
            batch = _Batch(first_seq=len(self._events) + 1)
            results = [self._stage(event, batch) for event in stored]
            # Nothing is visible until every event of the batch passed
            self._events.extend(batch.events)
            self._seq_by_dedup_key.update(batch.seq_by_dedup_key)
            self._event_ids.update(batch.event_ids)
        return results

    def read_after(self, seq: int, limit: int = 1000) -> list[StoredEvent]:
        check_count("limit", limit)
        with self._lock:
            start = max(seq, 0)
            return self._events[start : start + limit]

    def last_seq(self) -> int:
        with self._lock:
            return len(self._events)

    def get_by_dedup_key(self, dedup_key: str) -> StoredEvent | None:
        with self._lock:
            seq = self._seq_by_dedup_key.get(dedup_key)
            return None if seq is None else self._events[seq - 1]

    def stored_columns(self, seq: int) -> dict[str, Any] | None:
        with self._lock:
            stored = self._events[seq - 1] if 0 < seq <= len(self._events) else None
        return None if stored is None else {"seq": seq, **event_to_row(stored.event)._asdict()}

    def query(self, query: EventQuery) -> list[StoredEvent]:
        check_event_query(query)
        with self._lock:
            # Seq n sits at index n - 1: the keyset bounds are a slice, as they are an index range in SQLite
            lower = query.after_seq or 0
            upper = len(self._events) if query.before_seq is None else min(len(self._events), query.before_seq - 1)
            window = self._events[lower : max(lower, upper)]
            matching = (item for item in reversed(window) if _matches(item.event, query))
            return list(islice(matching, query.offset, query.offset + query.limit))

    def _stage(self, event: Event, batch: _Batch) -> Appended:
        seq = self._seq_by_dedup_key.get(event.dedup_key) or batch.seq_by_dedup_key.get(event.dedup_key)
        if seq is not None:
            return Appended(seq=seq, stored=False)
        if event.event_id in self._event_ids or event.event_id in batch.event_ids:
            raise StorageError(f"append events: event id {event.event_id!r} is already stored under another dedup key")
        return Appended(seq=batch.add(event), stored=True)


@dataclass
class _Batch:
    """Events of one append call, held apart until the whole call succeeds."""

    first_seq: int
    events: list[StoredEvent] = field(default_factory=list)
    seq_by_dedup_key: dict[str, int] = field(default_factory=dict)
    event_ids: set[str] = field(default_factory=set)

    def add(self, event: Event) -> int:
        seq = self.first_seq + len(self.events)
        self.events.append(StoredEvent(seq=seq, event=event))
        self.seq_by_dedup_key[event.dedup_key] = seq
        self.event_ids.add(event.event_id)
        return seq


def _matches(event: Event, query: EventQuery) -> bool:
    if query.types and event.type not in query.types:
        return False
    if query.since is not None and event.ts < query.since:
        return False
    return query.until is None or event.ts <= query.until
