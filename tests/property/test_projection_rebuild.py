"""Principle 6: projections are derived and disposable — incremental folding equals a rebuild, byte for byte."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.memory.event_store import InMemoryEventStore
from adapters.memory.projection_store import InMemoryProjectionStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.projection_store import SqliteProjectionStore
from application.projector import Projector
from tests.harness.event_strategies import event_sequences


@contextmanager
def memory_stores() -> Iterator[tuple[InMemoryEventStore, InMemoryProjectionStore, InMemoryProjectionStore]]:
    yield InMemoryEventStore(), InMemoryProjectionStore(), InMemoryProjectionStore()


@contextmanager
def sqlite_stores() -> Iterator[tuple[SqliteEventStore, SqliteProjectionStore, SqliteProjectionStore]]:
    with tempfile.TemporaryDirectory() as folder:
        live = open_database(Path(folder) / "live.sqlite3")
        spare = open_database(Path(folder) / "rebuilt.sqlite3")
        try:
            yield SqliteEventStore(live), SqliteProjectionStore(live), SqliteProjectionStore(spare)
        finally:
            live.close()
            spare.close()


STORES = {"memory": memory_stores, "sqlite": sqlite_stores}


def canonical(dump: dict) -> bytes:
    return json.dumps(dump, sort_keys=True, separators=(",", ":")).encode()


def fold_incrementally(event_store, projections, events: list, chunks: list[int], batch_size: int) -> bytes:
    """Append in chunks, catching up after each; every other chunk restarts the projector (reloading its state)."""
    projector = Projector(event_store, projections, batch_size=batch_size)
    start = 0
    for number, size in enumerate([*chunks, len(events)]):
        event_store.append(events[start : start + size])
        start += size
        if number % 2:
            projector = Projector(event_store, projections, batch_size=batch_size)
        projector.catch_up()
    return canonical(projections.dump())


@settings(max_examples=60, deadline=None)
@given(
    sequence=event_sequences(),
    chunks=st.lists(st.integers(min_value=1, max_value=12), max_size=8),
    batch_size=st.integers(min_value=1, max_value=7),
)
def test_incremental_projection_equals_rebuild_on_both_storage_implementations(sequence, chunks, batch_size) -> None:
    dumps = {}
    for name, stores in STORES.items():
        with stores() as (event_store, live_projections, spare_projections):
            incremental = fold_incrementally(event_store, live_projections, sequence, chunks, batch_size)

            Projector(event_store, spare_projections, batch_size=batch_size).rebuild()
            rebuilt_elsewhere = canonical(spare_projections.dump())
            Projector(event_store, live_projections).rebuild()
            rebuilt_in_place = canonical(live_projections.dump())

            assert incremental == rebuilt_elsewhere == rebuilt_in_place, name
            dumps[name] = incremental
    assert dumps["memory"] == dumps["sqlite"]
