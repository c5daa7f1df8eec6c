"""An event query's time bounds turned into seq bounds through the ts index, so a page reads only its own seq range."""

from __future__ import annotations

from typing import Any

import apsw

from domain.times import format_utc
from ports.event_store import EventQuery

_LAST = "SELECT coalesce(max(seq), 0) FROM event_store"
# The first and the last event in time order: one step down the ts index
_FIRST_FROM = "SELECT seq FROM event_store INDEXED BY event_store_by_ts WHERE ts >= ? ORDER BY ts, seq LIMIT 1"
_LAST_UNTIL = "SELECT seq FROM event_store INDEXED BY event_store_by_ts WHERE ts <= ? ORDER BY ts DESC, seq DESC LIMIT 1"
# The exact bounds, read along seq from the keyset bound (stopping at the first match), or over the ts index's range
_LOWEST_BY_SEQ = "SELECT seq FROM event_store NOT INDEXED WHERE seq >= ? AND ts >= ? ORDER BY seq LIMIT 1"
_HIGHEST_BY_SEQ = "SELECT seq FROM event_store NOT INDEXED WHERE seq <= ? AND ts <= ? ORDER BY seq DESC LIMIT 1"
_BY_TS = "SELECT {} FROM event_store INDEXED BY event_store_by_ts WHERE {}"


def seq_window(db: apsw.Connection, query: EventQuery) -> tuple[int, int] | None:
    """The seqs (inclusive) `query` can match: inside its keyset bounds, from the lowest seq stamped at or after
    `since` to the highest stamped at or before `until`; None when no event can match.

    The bounds are exact even where ts ran backwards along seq (a clock set back, a simulation started again): the
    first and last events in time order only choose the cheaper way to read them, or show that the keyset bound
    already lies inside, as it does for every page after the first of a time range.
    """
    last = _one(db, _LAST) or 0
    low = 1 if query.after_seq is None else query.after_seq + 1
    high = last if query.before_seq is None else min(last, query.before_seq - 1)
    since = None if query.since is None else format_utc(query.since)
    until = None if query.until is None else format_utc(query.until)
    first = None if since is None else _one(db, _FIRST_FROM, since)
    final = None if until is None else _one(db, _LAST_UNTIL, until)
    if (since is not None and first is None) or (until is not None and final is None):
        return None
    # Over the ts index, a bound reads every entry of the time range (about final - first of them)
    in_range = " AND ".join(c for c, v in (("ts >= ?", since), ("ts <= ?", until)) if v is not None)
    bindings = tuple(v for v in (since, until) if v is not None)
    if since is not None and first is not None and low < first:
        if first - low <= (last if final is None else final) - first:
            found = _one(db, _LOWEST_BY_SEQ, low, since)
        else:
            found = _one(db, _BY_TS.format("min(seq)", in_range), *bindings)
        if found is None:
            return None
        low = max(low, found)
    if until is not None and final is not None and high > final:
        if high - final <= final - (0 if first is None else first):
            found = _one(db, _HIGHEST_BY_SEQ, high, until)
        else:
            found = _one(db, _BY_TS.format("max(seq)", in_range), *bindings)
        if found is None:
            return None
        high = min(high, found)
    return (low, high) if low <= high else None


def _one(db: apsw.Connection, sql: str, *bindings: Any) -> int | None:
    row = next(iter(db.execute(sql, bindings)), None)
    return None if row is None else row[0]
