"""Migration 0006 rebuilds the command tables: commands and their order links survive, EXPIRED becomes storable."""

from __future__ import annotations

from pathlib import Path

import apsw
import pytest

from adapters.records.command_rows import command_to_row
from adapters.sqlite.command_store import SqliteCommandStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.migrations import available_migrations, migrate
from adapters.sqlite.transactions import write_transaction
from domain.commands import CommandStatus
from domain.times import format_utc
from ports.command_store import OrderLink
from tests.contract.samples import at, command

EXPIRY = 6


def migrated_up_to(connection: apsw.Connection, last: int) -> None:
    """Apply the shipped migrations older than `last` + 1, as a database made by an older version holds them."""
    with write_transaction(connection, "create schema_migrations") as db:
        db.execute(
            "CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at TEXT NOT NULL) STRICT"
        )
    for migration in (m for m in available_migrations() if m.version <= last):
        with write_transaction(connection, f"apply {migration.name}") as db:
            db.execute(migration.sql)
            db.execute("INSERT INTO schema_migrations VALUES (?, ?, 'then')", (migration.version, migration.name))


@pytest.fixture
def older(tmp_path: Path) -> Path:
    path = tmp_path / "older.sqlite3"
    connection = open_database(path, migrate=False)
    migrated_up_to(connection, EXPIRY - 1)
    with write_transaction(connection, "store commands as an older version did") as db:
        for n, status in ((1, "SENT"), (2, "NEW")):
            row = {**command_to_row(command(n), format_utc(at(n))), "status": status, "insertion_seq": n}
            del row["expires_at"]
            db.execute(
                f"INSERT INTO command_store ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
        db.execute(
            "INSERT INTO command_to_exchange VALUES ('ae-m1', 'cmd-1', 'main', 0, 77, ?, 1)", (format_utc(at(2)),)
        )
    connection.close()
    return path


def test_commands_and_links_stored_before_keep_everything_and_never_expire(older: Path) -> None:
    connection = open_database(older)
    store = SqliteCommandStore(connection)

    assert [record.command.command_id for record in store.list()] == ["cmd-2", "cmd-1"]
    assert store.get("cmd-1").status is CommandStatus.SENT and store.get("cmd-1").command == command(1)
    assert store.get("cmd-2").command.expires_at is None
    assert store.order_links("cmd-1") == [OrderLink("cmd-1", "main", "ae-m1", False, 77, at(2))]
    assert store.mark_expired("cmd-2", "late", at(4)).status is CommandStatus.EXPIRED
    connection.close()


def test_the_rebuilt_tables_keep_their_constraints_and_the_claim_index(older: Path) -> None:
    connection = open_database(older)

    with pytest.raises(apsw.ConstraintError):
        connection.execute("INSERT INTO command_to_exchange VALUES ('ae-x', 'ghost', 'main', 0, NULL, 'now', 99)")
    with pytest.raises(apsw.ConstraintError):
        connection.execute("UPDATE command_store SET status = 'LOST' WHERE command_id = 'cmd-2'")
    indexes = {name for (name,) in connection.execute("SELECT name FROM sqlite_schema WHERE type = 'index'")}
    assert {"command_store_queue", "command_store_by_age"} <= indexes
    leftovers = connection.execute("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_0006'").get
    assert leftovers == 0 and connection.execute("PRAGMA foreign_key_check").get is None
    assert migrate(connection) == 0
    connection.close()
