"""`alphaengine backup | restore`: an online, checked copy of the database, and putting one back (ADR 0072)."""

from __future__ import annotations

import argparse
import os
import socket
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from config.errors import ConfigError
from entrypoints.cli_services import database_path
from entrypoints.database_mode import describe

if TYPE_CHECKING:
    from ports.lease import Lease

MAX_KEEP = 1000
DEFAULT_FOLDER = Path("data") / "backups"
# Long enough to copy a large backup; a bot starting meanwhile is refused, not delayed
RESTORE_LEASE_TTL = timedelta(minutes=15)


def backup(args: argparse.Namespace, out: TextIO) -> int:
    """Copy the database (a bot may be writing it) to --to, or a timestamped file in data/backups/; rotate."""
    from adapters.sqlite.backup import TAKEN_FORMAT, BackupRefused, backup_name, copy_database, rotate
    from adapters.system.clock import SystemClock

    database = database_path(args)
    if not database.is_file():
        raise ConfigError(f"database {database}", "no such file: pass --db for the database to back up")
    keep = _keep(args.keep)
    target = _target(args.to, backup_name(database.stem, SystemClock().now().strftime(TAKEN_FORMAT)))
    _writable(target.parent)
    try:
        facts = copy_database(database, target)
    except BackupRefused as refused:
        raise ConfigError(f"database {database}", f"{refused}; nothing was written") from None
    print(f"backup {target}: {target.stat().st_size} bytes, events up to seq {facts.last_seq}", file=out)
    if keep is not None:
        for old in rotate(target.parent, database.stem, keep):
            print(f"removed old backup {old} (--keep {keep})", file=out)
    return 0


def restore(args: argparse.Namespace, out: TextIO) -> int:
    """Put a checked backup in place of the database; refused while a bot holds it, or over one without --force."""
    from adapters.sqlite.backup import BackupRefused, check_database

    source, database = Path(args.backup), database_path(args)
    if not source.is_file():
        raise ConfigError(f"backup {source}", "no such file: name a file that `alphaengine backup` wrote")
    try:
        facts = check_database(source)
    except BackupRefused as refused:
        raise ConfigError(f"backup {source}", f"{refused}; nothing was restored") from None
    if database.resolve() == source.resolve():
        raise ConfigError("--db", f"{database} is the backup itself: pass --db for the database to restore into")
    _writable(database.parent)
    if database.exists():
        _not_held(database)
    if database.exists() and not args.force:
        raise ConfigError(
            f"database {database}", "exists: pass --force to replace it with the backup (or --db for a new file)"
        )
    _replace(source, database)
    owner = describe(facts.identity) if facts.identity else "not bound yet"
    print(f"restored {database} from {source}: {owner}, events up to seq {facts.last_seq}", file=out)
    return 0


def _replace(source: Path, database: Path) -> None:
    """Copy the backup beside the database, then rename it over; an existing database is leased to us meanwhile."""
    from adapters.sqlite.backup import BackupRefused, clear_lease, copy_database

    staged = database.with_name(f".{database.name}.restoring")
    try:
        copy_database(source, staged)
        clear_lease(staged)
        if database.exists():
            _retire(database)
        staged.replace(database)
    except BackupRefused as refused:
        raise ConfigError(f"backup {source}", f"{refused}; nothing was restored") from None
    finally:
        staged.unlink(missing_ok=True)


def _retire(database: Path) -> None:
    """Take the old database's lease (refused while a bot holds it), fold its log in and remove the log files, so
    that no stale -wal is replayed onto the restored file."""
    from adapters.sqlite.backup import checkpoint_and_close, remove_log_files
    from adapters.sqlite.connection import open_database
    from adapters.sqlite.lease import SqliteLeaseStore
    from adapters.system.clock import SystemClock
    from ports.lease import holder_name

    connection = open_database(database, migrate=False)
    try:
        leases = SqliteLeaseStore(connection)
        attempt = leases.acquire(
            holder_name(socket.gethostname(), os.getpid(), "restore"), RESTORE_LEASE_TTL, SystemClock().now()
        )
    except BaseException:
        connection.close()
        raise
    if not attempt.granted:
        connection.close()
        raise _held(database, attempt.lease)
    # The lease row stays in the old file until the rename: a bot starting meanwhile is refused
    checkpoint_and_close(connection)
    remove_log_files(database)


def _not_held(database: Path) -> None:
    """Refuse early, before asking for --force, when an unexpired lease says a bot runs on the database."""
    from adapters.sqlite.connection import open_database
    from adapters.sqlite.lease import SqliteLeaseStore
    from adapters.system.clock import SystemClock

    connection = open_database(database, migrate=False)
    try:
        lease = SqliteLeaseStore(connection).current()
    finally:
        connection.close()
    if lease is not None and not lease.expired(SystemClock().now()):
        raise _held(database, lease)


def _held(database: Path, lease: Lease) -> ConfigError:
    return ConfigError(
        f"database {database}", f"a running bot holds it: {lease.describe()}; stop that bot, then restore again"
    )


def _keep(keep: int | None) -> int | None:
    if keep is not None and not 1 <= keep <= MAX_KEEP:
        raise ConfigError("--keep", f"must be between 1 and {MAX_KEEP}, got {keep}: the number of backups to keep")
    return keep


def _target(to: str | None, default: str) -> Path:
    """--to is the file, or a folder (existing, or ending in a separator) for the default name; else data/backups/."""
    if to is None:
        return DEFAULT_FOLDER / default
    return Path(to) / default if Path(to).is_dir() or to.endswith(("/", os.sep)) else Path(to)


def _writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".alphaengine-write-probe-{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise ConfigError(
            f"folder {folder}", f"not writable ({exc.strerror}): pass --to/--db in a writable folder"
        ) from None
