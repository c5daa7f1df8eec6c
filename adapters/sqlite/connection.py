"""Opening the shared database file: WAL, synchronous=FULL, a busy timeout in seconds, foreign keys, migrations."""

from __future__ import annotations

from pathlib import Path

import apsw

from adapters.sqlite.migrations import migrate as apply_migrations
from ports.errors import StorageError

FULL = 2
JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024


def open_database(
    path: Path,
    *,
    busy_timeout_s: float = 5.0,
    migrate: bool = True,
    vfs: str | None = None,
) -> apsw.Connection:
    """Open (creating folder and file if needed) and configure one connection; close it on shutdown.

    `vfs` names a registered SQLite VFS to open the file through (default: the platform's own).
    """
    if busy_timeout_s < 0:
        raise ValueError(f"busy_timeout_s must be >= 0 seconds, got {busy_timeout_s!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = apsw.Connection(str(path)) if vfs is None else apsw.Connection(str(path), vfs=vfs)
    except apsw.Error as exc:
        raise StorageError(f"cannot open database {path}: {exc}") from exc
    try:
        _configure(connection, path, busy_timeout_s)
        if migrate:
            apply_migrations(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _configure(connection: apsw.Connection, path: Path, busy_timeout_s: float) -> None:
    try:
        # The timeout goes first so that switching to WAL can wait for another process
        connection.set_busy_timeout(round(busy_timeout_s * 1000))
        journal = connection.pragma("journal_mode", "wal")
        # FULL syncs the WAL on every commit: an intent committed before an order is sent survives power loss
        connection.pragma("synchronous", "FULL")
        connection.pragma("foreign_keys", "ON")
        # After a checkpoint resets the log, its file shrinks back to this size instead of keeping its high-water mark
        connection.pragma("journal_size_limit", JOURNAL_SIZE_LIMIT)
        synchronous = connection.pragma("synchronous")
    except apsw.Error as exc:
        raise StorageError(f"cannot configure database {path}: {exc}") from exc
    if str(journal).lower() != "wal":
        raise StorageError(f"database {path} refused WAL mode (journal_mode is {journal!r})")
    if synchronous != FULL:
        raise StorageError(f"database {path} refused synchronous=FULL (it is {synchronous!r})")
