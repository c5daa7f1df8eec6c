"""The append-only event log in the event_store table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import apsw

from adapters.records.checks import check_count, check_event_query
from adapters.records.event_rows import EVENT_COLUMNS, EventRow, event_to_row, stored_events
from adapters.sqlite.event_window import lowest, seq_window
from adapters.sqlite.transactions import fetch_all, read_transaction, write_transaction
from domain.events import Event, StoredEvent
from domain.times import format_utc
from ports.errors import StorageError
from ports.event_store import Appended, EventQuery, EventStore

_SELECT = f"SELECT seq, {', '.join(EVENT_COLUMNS)} FROM event_store"
_INSERT = f"INSERT INTO event_store ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' for _ in EVENT_COLUMNS)})"
_SEQ_KEY = "SELECT dedup_key FROM event_store WHERE seq = ?"
# Two IN lists of this many keys stay far below SQLite's limit on bound parameters
_LOOKUP_CHUNK = 500


class SqliteEventStore(EventStore):
    def __init__(self, connection: apsw.Connection) -> None:
        self._connection = connection

    def append(self, events: Sequence[Event]) -> list[Appended]:
        rows = [event_to_row(event) for event in events]
        if not rows:
            return []
        with write_transaction(self._connection, f"append {len(rows)} event(s)") as db:
            return _append_rows(db, rows)

    def read_after(self, seq: int, limit: int = 1000) -> list[StoredEvent]:
        check_count("limit", limit)
        return self._select(f"{_SELECT} WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit))

    def last_seq(self) -> int:
        rows = fetch_all(self._connection, "read last seq", "SELECT coalesce(max(seq), 0) FROM event_store")
        seq: int = rows[0][0]
        return seq

    def get_by_dedup_key(self, dedup_key: str) -> StoredEvent | None:
        found = self._select(f"{_SELECT} WHERE dedup_key = ?", (dedup_key,))
        return found[0] if found else None

    def stored_columns(self, seq: int) -> dict[str, Any] | None:
        rows = fetch_all(self._connection, f"read event {seq}", f"{_SELECT} WHERE seq = ?", (seq,))
        return dict(zip(("seq", *EVENT_COLUMNS), rows[0], strict=True)) if rows else None

    def query(self, query: EventQuery) -> list[StoredEvent]:
        check_event_query(query)
        # One snapshot: the window read from the ts index holds for the page read along seq
        with read_transaction(self._connection, "read events") as db:
            window = seq_window(db, query)
            if window is None:
                return []
            rows = _page(db, query, window.low, window.high)
            if len(rows) < query.limit and not window.settled:
                # Only a page that reaches the start of the time range pays for reading its exact start
                low = lowest(db, query, window)
                rows = [] if low is None else _page(db, query, low, window.high)
            return stored_events(rows)

    def _select(self, sql: str, bindings: tuple[Any, ...]) -> list[StoredEvent]:
        return stored_events(fetch_all(self._connection, "read events", sql, bindings))


def _append_rows(db: apsw.Connection, rows: list[EventRow]) -> list[Appended]:
    # Look before inserting: with AUTOINCREMENT even an `ON CONFLICT DO NOTHING` that skips a row consumes a seq
    seq_by_key, stored_ids = _already_stored(db, rows)
    fresh: list[EventRow] = []
    fresh_by_key: dict[str, int] = {}
    # Per row: (seq, None) when stored before, else (index of its first copy among the fresh rows, stored)
    plan: list[tuple[int, bool | None]] = []
    for row in rows:
        if row.dedup_key in seq_by_key:
            plan.append((seq_by_key[row.dedup_key], None))
        elif row.dedup_key in fresh_by_key:
            plan.append((fresh_by_key[row.dedup_key], False))
        elif row.event_id in stored_ids:
            raise StorageError(f"append events: event id {row.event_id!r} is already stored under another dedup key")
        else:
            fresh_by_key[row.dedup_key] = len(fresh)
            stored_ids.add(row.event_id)
            plan.append((len(fresh), True))
            fresh.append(row)
    seqs = _insert(db, fresh)
    return [
        Appended(seq=at, stored=False) if stored is None else Appended(seq=seqs[at], stored=stored)
        for at, stored in plan
    ]


def _already_stored(db: apsw.Connection, rows: list[EventRow]) -> tuple[dict[str, int], set[str]]:
    """The seqs of the batch's dedup keys already in the log, and which of its event ids are."""
    seq_by_key: dict[str, int] = {}
    stored_ids: set[str] = set()
    for start in range(0, len(rows), _LOOKUP_CHUNK):
        chunk = rows[start : start + _LOOKUP_CHUNK]
        marks = ", ".join("?" for _ in chunk)
        sql = (
            f"SELECT seq, dedup_key, event_id FROM event_store WHERE dedup_key IN ({marks}) "
            f"UNION ALL SELECT seq, dedup_key, event_id FROM event_store WHERE event_id IN ({marks})"
        )
        bindings = [*(row.dedup_key for row in chunk), *(row.event_id for row in chunk)]
        for seq, dedup_key, event_id in db.execute(sql, bindings):
            seq_by_key[dedup_key] = seq
            stored_ids.add(event_id)
    return seq_by_key, stored_ids


def _insert(db: apsw.Connection, rows: list[EventRow]) -> list[int]:
    if not rows:
        return []
    db.executemany(_INSERT, rows)
    # One writer holds the lock, no row names its seq and AUTOINCREMENT only counts up: the rows took the seqs up to
    # the last one in turn. Checked at both ends instead of carrying a RETURNING row back through Python per event
    last = db.last_insert_rowid()
    first = last - len(rows) + 1
    if _key_at(db, last) != rows[-1].dedup_key or (first != last and _key_at(db, first) != rows[0].dedup_key):
        raise StorageError(f"appending {len(rows)} event(s) did not store them under the seqs {first}-{last}")
    return list(range(first, last + 1))


def _key_at(db: apsw.Connection, seq: int) -> Any:
    return db.execute(_SEQ_KEY, (seq,)).get


def _page(db: apsw.Connection, query: EventQuery, low: int, high: int) -> list[tuple[Any, ...]]:
    where, bindings = _filters(query, low, high)
    sql = f"{_SELECT}{where} ORDER BY seq DESC LIMIT ? OFFSET ?"
    return list(db.execute(sql, (*bindings, query.limit, query.offset)))


def _filters(query: EventQuery, low: int, high: int) -> tuple[str, tuple[Any, ...]]:
    clauses: list[str] = ["seq BETWEEN ? AND ?"]
    bindings: list[Any] = [low, high]
    if query.types:
        clauses.append(f"event_type IN ({', '.join('?' for _ in query.types)})")
        bindings.extend(query.types)
    # Unary plus: the window already holds the time range, so the page walks seq (or type, seq), never the ts index
    if query.since is not None:
        clauses.append("+ts >= ?")
        bindings.append(format_utc(query.since))
    if query.until is not None:
        clauses.append("+ts <= ?")
        bindings.append(format_utc(query.until))
    return f" WHERE {' AND '.join(clauses)}", tuple(bindings)
