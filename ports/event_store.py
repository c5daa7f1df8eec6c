"""The append-only log of every fact, in one global order."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.events import Event, StoredEvent


@dataclass(frozen=True)
class Appended:
    """Where an appended event sits; stored False = its dedup_key was already there (seq is the original's)."""

    seq: int
    stored: bool


# A seq is a SQLite rowid: an int64
MAX_SEQ = 2**63 - 1


@dataclass(frozen=True)
class EventQuery:
    """Which events, newest first: any of `types`; ts within since..until (inclusive); seq strictly between
    after_seq and before_seq (keyset paging: a page's lowest seq is the next page's before_seq); then offset/limit."""

    types: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100
    offset: int = 0
    before_seq: int | None = None
    after_seq: int | None = None


class EventStore(ABC):
    @abstractmethod
    def append(self, events: Sequence[Event]) -> list[Appended]:
        """Append atomically, in order, idempotent on dedup_key; seqs gap-free and increasing. Raises StorageError."""

    @abstractmethod
    def read_after(self, seq: int, limit: int = 1000) -> list[StoredEvent]:
        """Return up to `limit` events with seq > `seq`, ascending by seq."""

    @abstractmethod
    def last_seq(self) -> int:
        """Return the highest seq stored, 0 when empty."""

    @abstractmethod
    def get_by_dedup_key(self, dedup_key: str) -> StoredEvent | None:
        """Return the event stored under this dedup key, if any."""

    @abstractmethod
    def stored_columns(self, seq: int) -> dict[str, Any] | None:
        """Return event `seq` as its stored columns (seq, event_type, …, payload_json), undecoded; None if absent."""

    @abstractmethod
    def query(self, query: EventQuery) -> list[StoredEvent]:
        """Return the events `query` selects, newest first; a page costs the same at any depth of the log."""
