"""The secrets file, the database, its log files and its folder are closed to others (ADR 0076)."""

from __future__ import annotations

from pathlib import Path

import pytest

from entrypoints.doctor.permissions import database_files, database_folder, secrets_file
from entrypoints.doctor.verdict import Verdict

# linux: POSIX file modes; Windows development runs -m "not linux"
pytestmark = pytest.mark.linux


def made(path: Path, mode: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    path.chmod(mode)
    return path


def test_a_secrets_file_readable_by_others_fails_naming_the_chmod(tmp_path: Path) -> None:
    path = made(tmp_path / "secrets.yaml", 0o644)

    finding = secrets_file(path, "production", has_modes=True)

    assert finding.verdict is Verdict.FAIL
    assert "mode 0644" in finding.detail and finding.action == f"chmod 600 {path}"


def test_a_secrets_file_of_the_owner_only_passes(tmp_path: Path) -> None:
    for mode in (0o600, 0o400):
        assert secrets_file(made(tmp_path / "secrets.yaml", mode), "testnet", has_modes=True).verdict is Verdict.OK


def test_a_group_readable_secrets_file_fails_too_and_only_warns_in_sim_mode(tmp_path: Path) -> None:
    path = made(tmp_path / "secrets.yaml", 0o640)

    assert secrets_file(path, "testnet", has_modes=True).verdict is Verdict.FAIL
    assert secrets_file(path, "sim", has_modes=True).verdict is Verdict.WARN


def test_without_posix_modes_the_checks_say_they_were_skipped(tmp_path: Path) -> None:
    secrets, database = made(tmp_path / "secrets.yaml", 0o644), made(tmp_path / "data" / "a.sqlite3", 0o644)

    found = [
        secrets_file(secrets, "production", has_modes=False),
        database_files(database, "production", has_modes=False),
        database_folder(database, "production", has_modes=False),
    ]

    assert [f.verdict for f in found] == [Verdict.SKIP] * 3
    assert all("no POSIX file modes" in f.detail for f in found)


def test_a_missing_secrets_file_is_information(tmp_path: Path) -> None:
    finding = secrets_file(tmp_path / "none.yaml", "production", has_modes=True)

    assert finding.verdict is Verdict.INFO and "environment" in finding.detail


def test_a_world_readable_database_or_log_file_fails(tmp_path: Path) -> None:
    database = made(tmp_path / "data" / "a.sqlite3", 0o640)
    wal = made(tmp_path / "data" / "a.sqlite3-wal", 0o644)

    finding = database_files(database, "testnet", has_modes=True)

    assert finding.verdict is Verdict.FAIL
    assert str(wal) in finding.detail and finding.action == f"chmod 640 {wal}"


def test_a_database_of_0600_or_0640_passes_and_group_writable_warns(tmp_path: Path) -> None:
    database = made(tmp_path / "data" / "a.sqlite3", 0o600)
    assert database_files(database, "production", has_modes=True).verdict is Verdict.OK
    database.chmod(0o640)
    assert database_files(database, "production", has_modes=True).verdict is Verdict.OK
    database.chmod(0o660)
    assert database_files(database, "production", has_modes=True).verdict is Verdict.WARN


def test_a_database_folder_open_to_others_fails_and_a_closed_one_passes(tmp_path: Path) -> None:
    database = made(tmp_path / "data" / "a.sqlite3", 0o600)
    database.parent.chmod(0o755)

    opened = database_folder(database, "production", has_modes=True)
    database.parent.chmod(0o750)
    closed = database_folder(database, "production", has_modes=True)

    assert opened.verdict is Verdict.FAIL and opened.action == f"chmod 750 {database.parent}"
    assert closed.verdict is Verdict.OK
