"""migrate() applies each numbered SQL file once, records it, and refuses a schema newer than the code."""

from __future__ import annotations

import threading
from pathlib import Path

import apsw
import pytest

from adapters.sqlite.connection import open_database
from adapters.sqlite.migrations import applied_versions, available_migrations, migrate
from ports.errors import StorageError


def test_the_shipped_migrations_are_numbered_from_one_without_gaps() -> None:
    versions = [m.version for m in available_migrations()]

    assert versions == list(range(1, len(versions) + 1))


def test_a_fresh_database_gets_every_migration_recorded(tmp_path: Path) -> None:
    connection = open_database(tmp_path / "fresh.sqlite3", migrate=False)

    applied = migrate(connection)

    assert applied == len(available_migrations())
    assert applied_versions(connection) == [m.version for m in available_migrations()]
    names = connection.execute("SELECT name FROM schema_migrations ORDER BY version").get
    assert names == [m.name for m in available_migrations()]
    connection.close()


def test_migrating_twice_applies_nothing_the_second_time(connection: apsw.Connection) -> None:
    before = connection.execute("SELECT version, applied_at FROM schema_migrations ORDER BY version").get

    assert migrate(connection) == 0
    assert migrate(connection) == 0
    assert connection.execute("SELECT version, applied_at FROM schema_migrations ORDER BY version").get == before


def test_opening_without_migrating_leaves_the_file_empty(tmp_path: Path) -> None:
    connection = open_database(tmp_path / "bare.sqlite3", migrate=False)

    assert applied_versions(connection) == []
    assert connection.execute("SELECT count(*) FROM sqlite_schema").get == 0
    connection.close()


def test_reopening_a_migrated_database_keeps_its_data(db_path: Path, connection: apsw.Connection) -> None:
    connection.execute("INSERT INTO checkpoint_store (name, seq, updated_at) VALUES ('x', 5, 'now')")
    connection.close()

    reopened = open_database(db_path)

    assert reopened.execute("SELECT seq FROM checkpoint_store WHERE name = 'x'").get == 5
    reopened.close()


def test_a_database_with_a_newer_schema_is_refused(db_path: Path, connection: apsw.Connection) -> None:
    connection.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'now')")
    connection.close()

    with pytest.raises(StorageError, match="9999"):
        open_database(db_path)


def test_two_connections_migrating_a_fresh_file_at_once_apply_each_migration_once(tmp_path: Path) -> None:
    path = tmp_path / "raced.sqlite3"
    connections = [open_database(path, migrate=False) for _ in range(2)]
    applied: list[int] = []
    threads = [threading.Thread(target=lambda c=c: applied.append(migrate(c))) for c in connections]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(applied) == len(available_migrations())
    assert applied_versions(connections[0]) == [m.version for m in available_migrations()]
    for connection in connections:
        connection.close()
