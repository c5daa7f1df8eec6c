"""The append-only event log in the event_store table."""

from __future__ import annotations

from typing import Any, Sequence

import apsw

from adapters.records.checks import check_count, check_event_query
from adapters.records.event_rows import EVENT_COLUMNS, EventRow, event_from_row, event_to_row
from adapters.sqlite.transactions import fetch_all, write_transaction
from domain.codec import format_utc
from domain.events import Event, StoredEvent
from ports.errors import StorageError
from ports.event_store import Appended, EventQuery, EventStore

_SELECT = f"SELECT seq, {', '.join(EVENT_COLUMNS)} FROM event_store"
_INSERT = (
    f"INSERT INTO event_store ({', '.join(EVENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in EVENT_COLUMNS)}) RETURNING seq"
)


class SqliteEventStore(EventStore):
    def __init__(self, connection: apsw.Connection) -> None:
        self._connection = connection

    def append(self, events: Sequence[Event]) -> list[Appended]:
        rows = [event_to_row(event) for event in events]
        if not rows:
            return []
        with write_transaction(self._connection, f"append {len(rows)} event(s)") as db:
            return [_append_one(db, row) for row in rows]

    def read_after(self, seq: int, limit: int = 1000) -> list[StoredEvent]:
        check_count("limit", limit)
        return self._select(f"{_SELECT} WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit))

    def last_seq(self) -> int:
        rows = fetch_all(self._connection, "read last seq", "SELECT coalesce(max(seq), 0) FROM event_store")
        return rows[0][0]

    def get_by_dedup_key(self, dedup_key: str) -> StoredEvent | None:
        found = self._select(f"{_SELECT} WHERE dedup_key = ?", (dedup_key,))
        return found[0] if found else None

    def query(self, query: EventQuery) -> list[StoredEvent]:
        check_event_query(query)
        where, bindings = _filters(query)
        sql = f"{_SELECT}{where} ORDER BY seq DESC LIMIT ? OFFSET ?"
        return self._select(sql, (*bindings, query.limit, query.offset))

    def _select(self, sql: str, bindings: tuple[Any, ...]) -> list[StoredEvent]:
        rows = fetch_all(self._connection, "read events", sql, bindings)
        return [event_from_row(row[0], EventRow(*row[1:])) for row in rows]


def _append_one(db: apsw.Connection, row: EventRow) -> Appended:
    # Look before inserting: with AUTOINCREMENT even an `ON CONFLICT DO NOTHING` that skips a row consumes a seq
    existing = db.execute("SELECT seq FROM event_store WHERE dedup_key = ?", (row.dedup_key,)).get
    if existing is not None:
        return Appended(seq=existing, stored=False)
    if db.execute("SELECT 1 FROM event_store WHERE event_id = ?", (row.event_id,)).get:
        raise StorageError(f"append events: event id {row.event_id!r} is already stored under another dedup key")
    seq = db.execute(_INSERT, row.values()).get
    if not isinstance(seq, int):
        raise StorageError(f"appending event {row.event_id!r} returned no seq")
    return Appended(seq=seq, stored=True)


def _filters(query: EventQuery) -> tuple[str, tuple[Any, ...]]:
    clauses: list[str] = []
    bindings: list[Any] = []
    if query.types:
        clauses.append(f"event_type IN ({', '.join('?' for _ in query.types)})")
        bindings.extend(query.types)
    if query.since is not None:
        clauses.append("ts >= ?")
        bindings.append(format_utc(query.since))
    if query.until is not None:
        clauses.append("ts <= ?")
        bindings.append(format_utc(query.until))
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return where, tuple(bindings)
