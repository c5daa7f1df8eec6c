"""The database: which mode and account it belongs to (ADR 0046), its integrity, the size of its write-ahead log,
the free disk under it, the age of its newest backup (ADR 0072) and, for information, whether a bot runs on it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from adapters.sqlite.backup import BackupRefused, backup_taken, backups_of
from adapters.sqlite.backup import check_database as checked_copy
from domain.times import format_utc
from entrypoints.database_mode import DatabaseMismatch, check_database, describe
from entrypoints.doctor.verdict import Finding, Verdict, ok
from entrypoints.web.api.bot_state import STALE_AFTER, bot_standing
from ports.database_identity import IdentityStore
from ports.health import HealthStore

MIB = 1024 * 1024
# The bot checkpoints passively and SQLite trims the log to 64 MiB after a checkpoint (journal_size_limit)
WAL_WARN_BYTES = 256 * MIB
BACKUP_WARN_AGE = timedelta(hours=48)


@dataclass(frozen=True)
class DiskBounds:
    """Free space under the database: a failure below fail_bytes, a warning below warn_bytes or warn_share."""

    fail_bytes: int = 256 * MIB
    warn_bytes: int = 2048 * MIB
    warn_share: float = 0.05


def mode_binding(store: IdentityStore, database: Path, mode: str, account: str | None) -> Finding:
    """`alphaengine database`'s own check: the database belongs to the configured mode and key's account."""
    check = "database mode"
    try:
        identity = check_database(store, database, mode, account)
    except DatabaseMismatch as mismatch:
        found, _, action = mismatch.problem.partition(": ")
        return Finding(check, Verdict.FAIL, f"{database} {found}", action)
    if identity is None:
        return ok(check, f"{database} is not bound yet: the first bot binds it to {mode}")
    return ok(check, f"{database} belongs to {describe(identity)}, as configured")


def integrity(database: Path) -> Finding:
    """PRAGMA quick_check and the AlphaEngine tables, read-only, the way a backup is checked."""
    check = "integrity"
    try:
        facts = checked_copy(database)
    except BackupRefused as refused:
        return Finding(
            check,
            Verdict.FAIL,
            str(refused),
            "stop the bot and the web, then `alphaengine restore <newest backup> --force`",
        )
    return ok(check, f"quick_check ok, events up to seq {facts.last_seq}")


def wal_size(database: Path, warn_above: int = WAL_WARN_BYTES) -> Finding:
    check = "wal size"
    wal = database.with_name(database.name + "-wal")
    size = wal.stat().st_size if wal.is_file() else 0
    if size > warn_above:
        return Finding(
            check,
            Verdict.WARN,
            f"{wal} is {size // MIB} MiB (above {warn_above // MIB} MiB): a long-open reader keeps the bot's "
            "checkpoints from resetting it",
            "restart the web (and any tool holding the database open); the next checkpoint shrinks it",
        )
    return ok(check, f"{size // MIB} MiB")


def free_disk(database: Path, bounds: DiskBounds | None = None) -> Finding:
    """Free space on the volume of the database (its nearest existing folder)."""
    check = "free disk"
    bounds = bounds or DiskBounds()
    folder = next(parent for parent in (database.parent, *database.parent.parents) if parent.is_dir())
    usage = shutil.disk_usage(folder)
    said = f"{usage.free // MIB} MiB free of {usage.total // MIB} MiB under {folder}"
    if usage.free < bounds.fail_bytes:
        return Finding(
            check,
            Verdict.FAIL,
            f"{said} (below {bounds.fail_bytes // MIB} MiB): the bot stops when a write fails",
            "free space now (old logs and backups) or move the database to a larger volume",
        )
    if usage.free < bounds.warn_bytes or usage.free < usage.total * bounds.warn_share:
        return Finding(
            check,
            Verdict.WARN,
            f"{said} (below {bounds.warn_bytes // MIB} MiB or {bounds.warn_share:.0%})",
            "free space (old logs, `alphaengine backup --keep N`)",
        )
    return ok(check, said)


def backup_age(database: Path, folder: Path, now: datetime, warn_after: timedelta = BACKUP_WARN_AGE) -> Finding:
    check = "backup"
    found = backups_of(folder, database.stem) if folder.is_dir() else []
    if not found:
        return Finding(
            check,
            Verdict.INFO,
            f"no backup of {database.name} in {folder}",
            "take them daily: `alphaengine backup --keep 14` (e.g. from a systemd timer)",
        )
    newest = found[-1]
    age = now - backup_taken(newest, database.stem)
    said = f"newest {newest} taken {_hours(age)} ago ({len(found)} in all)"
    if age > warn_after:
        return Finding(check, Verdict.WARN, said, "take one now: `alphaengine backup`, and schedule it daily")
    return ok(check, said)


def bot_liveness(store: HealthStore, now: datetime, stale_after: timedelta = STALE_AFTER) -> Finding:
    """Information only: a bot need not run while the operator checks a deployment."""
    health = store.read()
    standing = bot_standing(health, now, stale_after)
    heartbeat = "" if health is None else f", last heartbeat {format_utc(health.updated_at)}"
    return Finding("bot", Verdict.INFO, f"{standing.label}: {standing.summary}{heartbeat}")


def _hours(age: timedelta) -> str:
    hours = age / timedelta(hours=1)
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"
