"""An event query's time bounds turned into seq bounds through the ts index, so a page reads only its own seq range."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import apsw

from domain.times import format_utc
from ports.event_store import EventQuery

_LAST = "SELECT coalesce(max(seq), 0) FROM event_store"
# The first and the last event in time order: one step down the ts index
_FIRST_FROM = "SELECT seq FROM event_store INDEXED BY event_store_by_ts WHERE ts >= ? ORDER BY ts, seq LIMIT 1"
_LAST_UNTIL = (
    "SELECT seq FROM event_store INDEXED BY event_store_by_ts WHERE ts <= ? ORDER BY ts DESC, seq DESC LIMIT 1"
)
# The exact bounds, read along seq from the keyset bound (stopping at the first match), or over the ts index's range
_LOWEST_BY_SEQ = "SELECT seq FROM event_store NOT INDEXED WHERE seq >= ? AND ts >= ? ORDER BY seq LIMIT 1"
_HIGHEST_BY_SEQ = "SELECT seq FROM event_store NOT INDEXED WHERE seq <= ? AND ts <= ? ORDER BY seq DESC LIMIT 1"
_BY_TS = "SELECT {} FROM event_store INDEXED BY event_store_by_ts WHERE {}"
# Reading a table row costs about two ts index entries (500k of each: 84 ms and 40 ms on the reference machine)
_ROW_COST = 2


@dataclass(frozen=True)
class SeqWindow:
    """The seqs (inclusive) a query can match. Unless `settled`, `low` is the first event in time order from `since`
    and an event stamped out of order may sit below it: a page that runs short reads `lowest` before it ends."""

    low: int
    high: int
    settled: bool
    keyset_low: int
    first: int
    final: int | None
    last: int


def seq_window(db: apsw.Connection, query: EventQuery) -> SeqWindow | None:
    """Where `query` can match: inside its keyset bounds, from the lowest seq stamped at or after `since` to the
    highest stamped at or before `until`; None when no event can match.

    Exact even where ts ran backwards along seq (a clock set back, a simulation started again): the first and last
    events in time order only choose the cheaper way to read a bound, or show that the keyset bound lies inside.
    """
    last = _one(db, _LAST) or 0
    low = 1 if query.after_seq is None else query.after_seq + 1
    high = last if query.before_seq is None else min(last, query.before_seq - 1)
    since, until = _text(query)
    first = 0 if since is None else _one(db, _FIRST_FROM, since)
    final = None if until is None else _one(db, _LAST_UNTIL, until)
    if first is None or (until is not None and final is None):
        return None
    if until is not None and final is not None and high > final:
        # Read now: out of order or not, the events just above the last in time come first in a newest-first page
        if (high - final) * _ROW_COST <= final - first:
            found = _one(db, _HIGHEST_BY_SEQ, high, until)
        else:
            found = _one(db, _BY_TS.format("max(seq)", _in_range(since, until)), *_bindings(since, until))
        if found is None:
            return None
        high = min(high, found)
    settled = low >= first
    window = SeqWindow(max(low, first), high, settled, low, first, final, last)
    return window if window.low <= window.high or not settled else None


def lowest(db: apsw.Connection, query: EventQuery, window: SeqWindow) -> int | None:
    """The exact low bound of an unsettled window: the lowest seq at or above the keyset bound stamped in range."""
    since, until = _text(query)
    if window.settled or since is None:
        return window.low
    # Cheaper to read the rows from the keyset bound up to the first in time, or the index entries of the time range?
    in_range = (window.last if window.final is None else window.final) - window.first
    if (window.first - window.keyset_low) * _ROW_COST <= in_range:
        return _one(db, _LOWEST_BY_SEQ, window.keyset_low, since)
    found = _one(db, _BY_TS.format("min(seq)", _in_range(since, until)), *_bindings(since, until))
    return None if found is None else max(window.keyset_low, found)


def _text(query: EventQuery) -> tuple[str | None, str | None]:
    return (
        None if query.since is None else format_utc(query.since),
        None if query.until is None else format_utc(query.until),
    )


def _in_range(since: str | None, until: str | None) -> str:
    return " AND ".join(clause for clause, bound in (("ts >= ?", since), ("ts <= ?", until)) if bound is not None)


def _bindings(since: str | None, until: str | None) -> tuple[str, ...]:
    return tuple(bound for bound in (since, until) if bound is not None)


def _one(db: apsw.Connection, sql: str, *bindings: Any) -> int | None:
    row = next(iter(db.execute(sql, bindings)), None)
    return None if row is None else row[0]
