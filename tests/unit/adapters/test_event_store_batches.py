"""Large appends: duplicates and clashes are found across lookup chunks, and seqs stay gap-free."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from adapters.memory.event_store import InMemoryEventStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from ports.errors import StorageError
from ports.event_store import Appended, EventStore
from tests.contract.samples import fill, reconciled

# More than two of the SQLite store's lookup chunks (500 rows), so keys fall into different chunks
BIG = 1_200


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EventStore]:
    if request.param == "memory":
        yield InMemoryEventStore()
        return
    connection = open_database(tmp_path / "batches.sqlite3")
    yield SqliteEventStore(connection)
    connection.close()


def test_a_big_batch_gets_consecutive_seqs_in_order(store: EventStore) -> None:
    result = store.append([reconciled(n) for n in range(1, BIG + 1)])

    assert result == [Appended(n, True) for n in range(1, BIG + 1)]
    assert [item.event.event_id for item in store.read_after(0, BIG)] == [f"evt-{n}" for n in range(1, BIG + 1)]


def test_duplicates_of_stored_and_of_earlier_batch_events_are_found_in_every_chunk(store: EventStore) -> None:
    store.append([fill(1, 1), fill(2, 2)])
    batch = [reconciled(n) for n in range(3, BIG)]
    batch[700] = fill(2, 9_001)
    batch[1_100] = fill(1, 9_002)
    batch.append(fill(3, 9_003))
    batch.append(fill(3, 9_004))

    result = store.append(batch)

    assert result[700] == Appended(2, False) and result[1_100] == Appended(1, False)
    assert result[-2] == Appended(result[-2].seq, True) and result[-1] == Appended(result[-2].seq, False)
    stored = [item.seq for item in result if item.stored]
    assert stored == list(range(3, 3 + len(stored)))
    assert store.last_seq() == stored[-1]


def test_an_event_id_clash_late_in_a_big_batch_stores_nothing(store: EventStore) -> None:
    store.append([reconciled(1)])
    batch = [reconciled(n) for n in range(2, BIG)]
    batch.append(replace(reconciled(BIG + 5), event_id="evt-1"))

    with pytest.raises(StorageError, match="evt-1"):
        store.append(batch)

    assert store.last_seq() == 1
    assert store.append([reconciled(2)]) == [Appended(2, True)]


def test_an_event_id_repeated_inside_one_batch_under_another_key_is_refused(store: EventStore) -> None:
    batch = [reconciled(n) for n in range(1, BIG)]
    batch.append(replace(fill(4, 4), event_id="evt-3"))

    with pytest.raises(StorageError, match="evt-3"):
        store.append(batch)

    assert store.last_seq() == 0


def test_each_seq_an_append_reports_holds_that_very_event(store: EventStore) -> None:
    store.append([fill(1, 1)])
    batch = [reconciled(n) for n in range(2, 40)]
    batch[5] = fill(1, 9_001)

    result = store.append(batch)

    for appended, event in zip(result, batch, strict=True):
        found = store.read_after(appended.seq - 1, 1)[0]
        assert found.seq == appended.seq
        assert found.event.dedup_key == event.dedup_key
