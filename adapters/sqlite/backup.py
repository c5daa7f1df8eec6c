"""Online copies of the database through SQLite's backup API (ADR 0072): taken while a bot writes, checked, renamed."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import apsw

from domain.values import Mode
from ports.database_identity import DatabaseIdentity

# Small steps hold the source's read lock briefly; past the bound one last step copies the rest in one go
PAGES_PER_STEP = 256
MAX_STEPS = 100_000
BUSY_RETRIES = 50
BUSY_PAUSE_S = 0.05
_REQUIRED_TABLES = ("schema_migrations", "database_identity", "event_store")


class BackupRefused(Exception):
    """A file is not a sound AlphaEngine database, or a copy could not be made; the message says which and why."""


@dataclass(frozen=True)
class BackupFacts:
    """What a checked copy holds: its identity (None before the first bot binds it) and last event seq."""

    identity: DatabaseIdentity | None
    last_seq: int


TAKEN_FORMAT = "%Y%m%dT%H%M%SZ"
SUFFIX = ".sqlite3"


def backup_name(stem: str, taken: str) -> str:
    """`<stem>-<taken>.sqlite3`, `taken` being a UTC time as YYYYMMDDTHHMMSSZ (TAKEN_FORMAT)."""
    return f"{stem}-{taken}{SUFFIX}"


def backup_taken(path: Path, stem: str) -> datetime:
    """When a backup named by backup_name for `stem` was taken (UTC); ValueError for another name."""
    taken = path.name.removeprefix(f"{stem}-").removesuffix(SUFFIX)
    return datetime.strptime(taken, TAKEN_FORMAT).replace(tzinfo=UTC)


def backups_of(folder: Path, stem: str) -> list[Path]:
    """The backups of databases named `stem` in `folder`, oldest first (their names sort by time)."""
    pattern = re.compile(re.escape(stem) + r"-[0-9]{8}T[0-9]{6}Z\.sqlite3")
    return sorted(path for path in folder.glob(f"{stem}-*.sqlite3") if pattern.fullmatch(path.name))


def rotate(folder: Path, stem: str, keep: int) -> list[Path]:
    """Delete the oldest backups of `stem` beyond the newest `keep`; return the deleted paths."""
    if keep < 1:
        raise ValueError(f"keep must be >= 1, got {keep}")
    old = backups_of(folder, stem)[:-keep]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def copy_database(source: Path, target: Path) -> BackupFacts:
    """Copy `source` (which others may be writing) into `target` through a temporary file beside it, check the
    copy and rename it into place; raises BackupRefused when the copy is not a sound AlphaEngine database."""
    temporary = target.with_name(f".{target.name}.partial")
    _remove(temporary)
    try:
        _copy(source, temporary)
        facts = check_database(temporary)
        temporary.replace(target)
    finally:
        _remove(temporary)
        remove_log_files(temporary)
    return facts


def check_database(path: Path) -> BackupFacts:
    """quick_check passes and the AlphaEngine tables exist; raises BackupRefused naming what is wrong."""
    try:
        connection = apsw.Connection(str(path), flags=apsw.SQLITE_OPEN_READONLY)
    except apsw.Error as exc:
        raise BackupRefused(f"{path} cannot be opened as an SQLite database ({exc})") from None
    try:
        return _facts(connection, path)
    except apsw.Error as exc:
        raise BackupRefused(f"{path} is not a readable SQLite database ({exc})") from None
    finally:
        connection.close()


def clear_lease(path: Path) -> None:
    """Forget who held the lease in a copy: that process runs on the original, never on the copy."""
    connection = apsw.Connection(str(path))
    try:
        connection.execute("DELETE FROM bot_lease")
    finally:
        connection.close()


def checkpoint_and_close(connection: apsw.Connection) -> None:
    """Fold the write-ahead log into the main file so that nothing is lost when the log files are removed."""
    try:
        connection.wal_checkpoint(mode=apsw.SQLITE_CHECKPOINT_TRUNCATE)
    finally:
        connection.close()


def remove_log_files(database: Path) -> None:
    """Delete the -wal and -shm files of a closed, checkpointed database."""
    for suffix in ("-wal", "-shm"):
        _remove(database.with_name(database.name + suffix))


def _copy(source: Path, target: Path) -> None:
    try:
        origin = apsw.Connection(str(source), flags=apsw.SQLITE_OPEN_READONLY)
    except apsw.Error as exc:
        raise BackupRefused(f"{source} cannot be opened as an SQLite database ({exc})") from None
    try:
        origin.set_busy_timeout(5000)
        copy = apsw.Connection(str(target))
        try:
            with copy.backup("main", origin, "main") as backup:
                _step_until_done(backup)
            # A copy stands alone in one file: rollback journal until a process opens it (open_database sets WAL)
            copy.pragma("journal_mode", "delete")
        finally:
            copy.close()
    except apsw.Error as exc:
        raise BackupRefused(f"{source} could not be copied ({exc})") from None
    finally:
        origin.close()


def _step_until_done(backup: apsw.Backup) -> None:
    """Step a few pages at a time; a write to the source restarts SQLite's copy, so past MAX_STEPS copy the rest
    in one step (a WAL reader does not block the writer)."""
    steps, busy = 0, 0
    while not backup.done:
        pages = PAGES_PER_STEP if steps < MAX_STEPS else -1
        try:
            backup.step(pages)
        except (apsw.BusyError, apsw.LockedError):
            busy += 1
            if busy > BUSY_RETRIES:
                raise
            time.sleep(BUSY_PAUSE_S)
            continue
        steps += 1


def _facts(connection: apsw.Connection, path: Path) -> BackupFacts:
    check = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    if check != ["ok"]:
        raise BackupRefused(f"{path} failed PRAGMA quick_check: {'; '.join(check[:3])}")
    tables = {str(row[0]) for row in connection.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    missing = [name for name in _REQUIRED_TABLES if name not in tables]
    if missing:
        raise BackupRefused(f"{path} is not an AlphaEngine database (no table {', '.join(missing)})")
    row = next(iter(connection.execute("SELECT mode, account FROM database_identity WHERE id = 1")), None)
    identity = None if row is None else DatabaseIdentity(Mode(row[0]), row[1])
    seq = next(iter(connection.execute("SELECT coalesce(max(seq), 0) FROM event_store")))[0]
    return BackupFacts(identity, int(seq))


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
