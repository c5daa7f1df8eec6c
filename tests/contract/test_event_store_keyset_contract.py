"""EventStore contract, keyset paging: seq bounds that page the whole log at a cost independent of its depth, and time
bounds that stay exact when turned into seq bounds, even over a log whose timestamps run backwards."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from domain.events import StoredEvent, TradeExecuted
from ports.event_store import MAX_SEQ, EventQuery, EventStore
from tests.contract.samples import at, fill, reconciled


def seqs(stored: list[StoredEvent]) -> list[int]:
    return [item.seq for item in stored]


@pytest.fixture
def mixed(event_store: EventStore) -> EventStore:
    event_store.append([reconciled(1), fill(11, 2), reconciled(3), fill(12, 4), reconciled(5)])
    return event_store


def test_seq_bounds_are_exclusive(mixed: EventStore) -> None:
    assert seqs(mixed.query(EventQuery(before_seq=4))) == [3, 2, 1]
    assert seqs(mixed.query(EventQuery(after_seq=2))) == [5, 4, 3]
    assert seqs(mixed.query(EventQuery(after_seq=1, before_seq=5))) == [4, 3, 2]
    assert seqs(mixed.query(EventQuery(before_seq=99))) == [5, 4, 3, 2, 1]
    assert seqs(mixed.query(EventQuery(before_seq=1))) == seqs(mixed.query(EventQuery(after_seq=5))) == []
    assert seqs(mixed.query(EventQuery(after_seq=3, before_seq=4))) == []


def test_seq_bounds_combine_with_types_time_and_offset(mixed: EventStore) -> None:
    assert seqs(mixed.query(EventQuery(types=("reconciled.v1",), before_seq=5))) == [3, 1]
    assert seqs(mixed.query(EventQuery(types=(TradeExecuted.TYPE,), after_seq=2))) == [4]
    assert seqs(mixed.query(EventQuery(since=at(2), before_seq=5))) == [4, 3, 2]
    assert seqs(mixed.query(EventQuery(until=at(4), after_seq=1, offset=1, limit=1))) == [3]


def test_paging_by_each_pages_lowest_seq_reaches_seq_1_with_no_gap_or_repeat(event_store: EventStore) -> None:
    total = 2345
    event_store.append([reconciled(n) for n in range(1, total + 1)])

    assert _walk(event_store, EventQuery(limit=100)) == list(range(total, 0, -1))


def test_a_filtered_walk_pages_every_match_of_a_sparse_type(event_store: EventStore) -> None:
    event_store.append([fill(n, n) if n % 7 == 0 else reconciled(n) for n in range(1, 701)])

    query = EventQuery(types=(TradeExecuted.TYPE,), since=at(14), until=at(693), limit=9)

    assert _walk(event_store, query) == list(range(693, 13, -7))


# Stamps that run backwards along seq: a clock ahead then set back early on, set back in the middle and at the end
_STAMPS = [1, 55, 40, *range(2, 11), 3, 2, *range(11, 31), 5, 31, 32, 30, *range(33, 51), 45, 1, 49, 60]


def test_time_bounds_are_exact_where_timestamps_run_backwards(event_store: EventStore) -> None:
    event_store.append([reconciled(n, ts=at(stamp)) for n, stamp in enumerate(_STAMPS, start=1)])
    everything = list(reversed(event_store.read_after(0, 1000)))

    def expected(since: datetime | None, until: datetime | None, after: int | None, before: int | None) -> list[int]:
        return [
            item.seq
            for item in everything
            if (since is None or item.event.ts >= since)
            and (until is None or item.event.ts <= until)
            and (after is None or item.seq > after)
            and (before is None or item.seq < before)
        ]

    times = [None, *(at(s) for s in (0, 1, 2, 3, 4.5, 5, 12, 29.5, 30, 31, 45, 49, 50, 59, 60, 61))]
    keysets = [(None, None), (None, 40), (20, None), (10, 30), (45, None), (None, 5)]
    mismatches = [
        (since, until, after, before)
        for since in times
        for until in times
        for after, before in keysets
        if seqs(event_store.query(EventQuery(since=since, until=until, after_seq=after, before_seq=before, limit=1000)))
        != expected(since, until, after, before)
    ]

    walks = [
        (since, until)
        for since in times
        for until in times
        if _walk(event_store, EventQuery(since=since, until=until, limit=4)) != expected(since, until, None, None)
    ]

    assert mismatches == [] and walks == []


def _walk(event_store: EventStore, query: EventQuery) -> list[int]:
    """Every seq `query` matches, newest first, page by page: each page's lowest seq is the next page's before_seq."""
    walked: list[int] = []
    while page := seqs(event_store.query(replace(query, before_seq=walked[-1] if walked else None))):
        walked.extend(page)
    return walked


@pytest.mark.parametrize(
    "bounds", [{"before_seq": -1}, {"after_seq": -1}, {"before_seq": MAX_SEQ + 1}, {"after_seq": True}]
)
def test_a_seq_bound_outside_an_int64_seq_is_refused_naming_it(mixed: EventStore, bounds: dict[str, int]) -> None:
    [name] = bounds

    with pytest.raises(ValueError, match=name):
        mixed.query(EventQuery(**bounds))
