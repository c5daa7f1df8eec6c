"""A stored event the projector cannot read, fold or save stops it at that event, named by seq and type, for good."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import apsw
import pytest

from adapters.records.event_rows import EVENT_COLUMNS, event_to_row
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.projection_store import SqliteProjectionStore
from application.projector import Projector
from ports.errors import EventUnfoldable
from tests.contract.samples import reconciled
from tests.harness.unfoldable import store_as_an_old_version_did


@pytest.fixture
def connection(tmp_path: Path) -> Iterator[apsw.Connection]:
    connection = open_database(tmp_path / "log.sqlite3")
    yield connection
    connection.close()


def insert_unknown_type(connection: apsw.Connection) -> int:
    row = event_to_row(reconciled(9))._replace(event_type="retired.event.v0", dedup_key="retired")
    marks = ", ".join("?" for _ in EVENT_COLUMNS)
    return connection.execute(
        f"INSERT INTO event_store ({', '.join(EVENT_COLUMNS)}) VALUES ({marks}) RETURNING seq", tuple(row)
    ).get


@pytest.mark.parametrize(
    ("arrange", "event_type"),
    [
        (lambda connection: store_as_an_old_version_did(connection, "old-1"), "engine.state_changed.v1"),
        (insert_unknown_type, "retired.event.v0"),
    ],
)
def test_catch_up_and_rebuild_stop_at_the_event_naming_its_seq_and_type(
    connection: apsw.Connection,
    arrange: object,
    event_type: str,
) -> None:
    events = SqliteEventStore(connection)
    events.append([reconciled(1), reconciled(2)])
    seq = arrange(connection)  # type: ignore[operator]
    projector = Projector(events, SqliteProjectionStore(connection), batch_size=2)

    with pytest.raises(EventUnfoldable) as first:
        projector.catch_up()
    with pytest.raises(EventUnfoldable) as again:
        projector.catch_up()
    with pytest.raises(EventUnfoldable) as rebuilt:
        Projector(events, SqliteProjectionStore(connection)).rebuild()

    assert (first.value.seq, first.value.event_type) == (seq, event_type)
    assert again.value is first.value and (rebuilt.value.seq, rebuilt.value.event_type) == (seq, event_type)
    assert str(first.value).endswith(f"see it with `alphaengine events show {seq}`")
    # The events before it are folded and kept
    assert SqliteProjectionStore(connection).checkpoint() == 2


def test_a_fold_that_raises_names_the_event_it_raised_on(connection: apsw.Connection) -> None:
    events = SqliteEventStore(connection)
    events.append([reconciled(1)])

    projector = Projector(events, SqliteProjectionStore(connection))

    def overflowing(event: object) -> None:
        raise ArithmeticError("overflow")

    # A fold bug, not a storage failure: it would raise on this event at every retry
    projector.state.apply = overflowing  # type: ignore[method-assign]

    with pytest.raises(EventUnfoldable, match=r"^event 1 \(reconciled\.v1\) cannot be folded: ArithmeticError"):
        projector.catch_up()
