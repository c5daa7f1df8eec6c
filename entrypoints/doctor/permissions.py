"""File modes of the secrets file and the database (its log files and folder): nobody but the service may read them.

On a system without POSIX modes (Windows) the checks say they were skipped. In sim mode nothing secret is at stake
(the keys are public), so a loose mode is a warning there and a failure in testnet and production.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from entrypoints.doctor.verdict import Finding, Verdict, ok

GROUP_OR_OTHERS = 0o077
OTHERS = 0o007
GROUP_WRITE = 0o020
SKIPPED = "skipped: this system has no POSIX file modes"


def posix() -> bool:
    return os.name == "posix"


def secrets_file(path: Path, mode: str, *, has_modes: bool) -> Finding:
    """The secrets file holds the API secret: 0600 (or 0400); any group or world bit is a failure."""
    check = "secrets file"
    absent = f"no file at {path}: the values come from the environment and defaults"
    unchecked = _unchecked(check, path, path.is_file(), absent, has_modes)
    if unchecked is not None:
        return unchecked
    bits = _mode(path)
    if bits & GROUP_OR_OTHERS:
        return Finding(
            check,
            _severity(mode),
            f"{path} is open to group or others (mode {bits:04o}); it holds the API secret",
            f"chmod 600 {path}",
        )
    return ok(check, f"{path} is readable by its owner only (mode {bits:04o})")


def database_files(database: Path, mode: str, *, has_modes: bool) -> Finding:
    """The database and its -wal/-shm: 0600 or 0640; open to others is a failure, writable by the group a warning."""
    check = "database file"
    files = [path for path in (database, *_logs(database)) if path.is_file()]
    absent = f"no database at {database} yet: the first `alphaengine bot` creates it"
    unchecked = _unchecked(check, database, bool(files), absent, has_modes)
    if unchecked is not None:
        return unchecked
    open_to_others = [path for path in files if _mode(path) & OTHERS]
    if open_to_others:
        named = ", ".join(f"{path} ({_mode(path):04o})" for path in open_to_others)
        return Finding(
            check,
            _severity(mode),
            f"readable or writable by others: {named}",
            f"chmod 640 {' '.join(str(path) for path in open_to_others)}",
        )
    group_writable = [path for path in files if _mode(path) & GROUP_WRITE]
    if group_writable:
        return Finding(
            check,
            Verdict.WARN,
            f"writable by the group: {', '.join(str(path) for path in group_writable)}",
            f"chmod 640 {' '.join(str(path) for path in group_writable)}",
        )
    return ok(check, f"{database} and its log files: owner (and group) only (mode {_mode(database):04o})")


def database_folder(database: Path, mode: str, *, has_modes: bool) -> Finding:
    """Others must not list, enter or write the folder: SQLite creates the -wal and -shm files there."""
    check = "database folder"
    folder = database.parent
    absent = f"no folder {folder} yet: the first `alphaengine bot` creates it"
    unchecked = _unchecked(check, folder, folder.is_dir(), absent, has_modes)
    if unchecked is not None:
        return unchecked
    bits = _mode(folder)
    if bits & OTHERS:
        return Finding(check, _severity(mode), f"{folder} is open to others (mode {bits:04o})", f"chmod 750 {folder}")
    return ok(check, f"{folder} is closed to others (mode {bits:04o})")


def _unchecked(check: str, path: Path, present: bool, absent: str, has_modes: bool) -> Finding | None:
    """The line of a path there is nothing to check on (absent), or no way to (no POSIX modes); None otherwise."""
    if not present:
        return Finding(check, Verdict.INFO, absent)
    if not has_modes:
        return Finding(check, Verdict.SKIP, SKIPPED, f"check that only the service account can open {path} (icacls)")
    return None


def _logs(database: Path) -> tuple[Path, Path]:
    return database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _severity(mode: str) -> Verdict:
    return Verdict.WARN if mode == "sim" else Verdict.FAIL
