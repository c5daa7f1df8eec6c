"""Several connections on one file: readers never block, writers queue on BEGIN IMMEDIATE, claims never repeat."""

from __future__ import annotations

import threading
from pathlib import Path

import apsw
import pytest

from adapters.sqlite.command_store import SqliteCommandStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.transactions import DatabaseBusy
from ports.errors import StorageError
from tests.contract.samples import at, command, reconciled


def test_a_reader_sees_committed_data_while_a_writer_holds_a_transaction(
    db_path: Path,
    connection: apsw.Connection,
) -> None:
    SqliteEventStore(connection).append([reconciled(1)])
    reader_connection = open_database(db_path)
    reader = SqliteEventStore(reader_connection)

    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        "INSERT INTO event_store (event_id, event_type, ts, correlation_id, scope_exchange, scope_venue, "
        "scope_account_id, scope_symbol, scope_mode, source, dedup_key, payload_json) "
        "VALUES ('evt-x', 'reconciled.v1', '2026-11-21T00:00:00.000000Z', 'c', 'B', 'F', 'a', 'S', 'sim', 'REST', 'k', "
        '\'{"appended":0,"drifts":0}\')',
    )
    during = [stored.seq for stored in reader.read_after(0)]
    connection.execute("COMMIT")
    after = [stored.seq for stored in reader.read_after(0)]

    assert (during, after) == ([1], [1, 2])
    reader_connection.close()


def test_a_writer_that_cannot_get_the_lock_in_time_raises_database_busy(
    db_path: Path,
    connection: apsw.Connection,
) -> None:
    impatient = open_database(db_path, busy_timeout_s=0.05)
    connection.execute("BEGIN IMMEDIATE")

    with pytest.raises(DatabaseBusy, match="busy timeout") as raised:
        SqliteEventStore(impatient).append([reconciled(1)])

    connection.execute("ROLLBACK")
    assert isinstance(raised.value, StorageError)
    assert SqliteEventStore(impatient).append([reconciled(1)])[0].seq == 1
    impatient.close()


def test_two_connections_claiming_at_once_never_claim_the_same_command(
    db_path: Path,
    connection: apsw.Connection,
) -> None:
    for n in range(200):
        SqliteCommandStore(connection).insert(command(n), at(0))
    claimed: list[list[str]] = [[], []]

    def claim_all(index: int) -> None:
        own = open_database(db_path)
        store = SqliteCommandStore(own)
        while (record := store.claim_next(at(1))) is not None:
            claimed[index].append(record.command.command_id)
        own.close()

    workers = [threading.Thread(target=claim_all, args=(i,)) for i in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    everything = claimed[0] + claimed[1]
    assert sorted(everything) == sorted(f"cmd-{n}" for n in range(200)) and len(set(everything)) == 200


def test_threads_sharing_one_connection_append_without_losing_or_repeating_a_seq(connection: apsw.Connection) -> None:
    store = SqliteEventStore(connection)
    errors: list[BaseException] = []

    def append_many(offset: int) -> None:
        try:
            for n in range(offset, offset + 100):
                store.append([reconciled(n)])
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)

    workers = [threading.Thread(target=append_many, args=(offset,)) for offset in (0, 1000, 2000, 3000)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert [stored.seq for stored in store.read_after(0, limit=1000)] == list(range(1, 401))
