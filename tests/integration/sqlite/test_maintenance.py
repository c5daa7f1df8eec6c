"""WAL checkpoints on the shared file: PASSIVE copies what it can, never waits for a reader, reports the log size."""

from __future__ import annotations

from pathlib import Path

import apsw

from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.maintenance import SqliteMaintenance
from tests.contract.samples import reconciled


def write_events(connection: apsw.Connection, count: int) -> None:
    store = SqliteEventStore(connection)
    start = store.last_seq() + 1
    store.append([reconciled(n) for n in range(start, start + count)])


def test_a_checkpoint_with_no_reader_copies_every_frame_and_reports_the_log_size(
    db_path: Path,
    connection: apsw.Connection,
) -> None:
    write_events(connection, 20)

    result = SqliteMaintenance(connection).checkpoint()

    assert result.complete and result.log_frames > 0
    assert result.wal_bytes == (db_path.parent / f"{db_path.name}-wal").stat().st_size > 0


def test_a_reader_holding_a_snapshot_leaves_frames_behind_without_making_the_checkpoint_wait(
    db_path: Path,
    connection: apsw.Connection,
) -> None:
    write_events(connection, 5)
    SqliteMaintenance(connection).checkpoint()
    reader = open_database(db_path)
    reader.execute("BEGIN")
    list(reader.execute("SELECT count(*) FROM event_store"))
    write_events(connection, 5)

    starved = SqliteMaintenance(connection).checkpoint()
    reader.execute("COMMIT")
    reader.close()
    caught_up = SqliteMaintenance(connection).checkpoint()

    assert not starved.complete and starved.checkpointed_frames < starved.log_frames
    assert caught_up.complete
