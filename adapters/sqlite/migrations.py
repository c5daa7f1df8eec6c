"""Schema migrations: numbered SQL files applied once each, recorded in schema_migrations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import apsw

from adapters.sqlite.transactions import fetch_all, write_transaction
from ports.errors import StorageError

_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

_CREATE_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at TEXT    NOT NULL
) STRICT
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    """Return the migration files shipped with this package, ascending by version."""
    folder = resources.files("adapters.sqlite").joinpath("migrations")
    files = [entry for entry in folder.iterdir() if entry.name.endswith(".sql")]
    found = [_migration(entry.name, entry.read_text(encoding="utf-8")) for entry in files]
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise StorageError(f"two migration files share a version number: {versions}")
    return found


def applied_versions(connection: apsw.Connection) -> list[int]:
    """Return the versions recorded as applied, ascending; [] on a fresh database."""
    if not _has_ledger(connection):
        return []
    rows = fetch_all(connection, "read schema_migrations", "SELECT version FROM schema_migrations ORDER BY version")
    return [version for (version,) in rows]


def migrate(connection: apsw.Connection) -> int:
    """Apply every migration not yet recorded, each in its own write transaction; return how many ran."""
    migrations = available_migrations()
    done = set(applied_versions(connection))
    _refuse_newer_schema(done, migrations)
    pending = [m for m in migrations if m.version not in done]
    if not pending:
        return 0
    with write_transaction(connection, "create schema_migrations") as db:
        db.execute(_CREATE_LEDGER)
    return sum(_apply(connection, migration) for migration in pending)


def _apply(connection: apsw.Connection, migration: Migration) -> bool:
    with write_transaction(connection, f"apply migration {migration.version:04d}_{migration.name}") as db:
        # Another process may have applied it since we looked; the write lock makes this check final
        if db.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)).get:
            return False
        db.execute(migration.sql)
        db.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) "
            "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            (migration.version, migration.name),
        )
    return True


def _migration(file_name: str, sql: str) -> Migration:
    match = _FILE_NAME.match(file_name)
    if match is None:
        raise StorageError(f"migration file {file_name!r} is not named NNNN_lower_snake.sql")
    return Migration(version=int(match.group(1)), name=match.group(2), sql=sql)


def _has_ledger(connection: apsw.Connection) -> bool:
    rows = fetch_all(
        connection,
        "look for schema_migrations",
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'",
    )
    return bool(rows)


def _refuse_newer_schema(done: set[int], migrations: list[Migration]) -> None:
    newest_known = max((m.version for m in migrations), default=0)
    unknown = sorted(v for v in done if v > newest_known)
    if unknown:
        raise StorageError(
            f"the database has schema version(s) {unknown}, newer than this code knows (up to {newest_known}); "
            "upgrade the code before opening it",
        )
