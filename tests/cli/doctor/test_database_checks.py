"""The database's mode binding, integrity, WAL size, free disk, newest backup and bot (ADR 0076)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.sqlite.backup import copy_database
from adapters.sqlite.connection import open_database
from adapters.sqlite.health import SqliteHealthStore
from adapters.sqlite.identity import SqliteIdentityStore
from entrypoints.doctor.database import (
    DiskBounds,
    backup_age,
    bot_liveness,
    free_disk,
    integrity,
    mode_binding,
    wal_size,
)
from entrypoints.doctor.verdict import Verdict
from ports.database_identity import DatabaseIdentity
from ports.health import BotHealth
from tests.cli.test_database_mode import SIM, TESTNET, bind

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_a_database_of_another_mode_fails_with_the_database_commands_words(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    bind(db, TESTNET)
    connection = open_database(db, migrate=False)
    try:
        store = SqliteIdentityStore(connection)
        other = mode_binding(store, db, "sim", SIM.account)
        same = mode_binding(store, db, "testnet", TESTNET.account)
    finally:
        connection.close()

    assert other.verdict is Verdict.FAIL
    assert other.detail.startswith(f"{db} belongs to testnet (account {TESTNET.account}), not sim")
    assert other.action == "pass --db for another file or set ALPHAENGINE_MODE=testnet"
    assert same.verdict is Verdict.OK and "belongs to testnet" in same.detail


def test_an_unbound_database_passes(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    open_database(db).close()
    connection = open_database(db, migrate=False)
    try:
        finding = mode_binding(SqliteIdentityStore(connection), db, "production", "0011223344556677")
    finally:
        connection.close()

    assert finding.verdict is Verdict.OK and "not bound yet" in finding.detail


def test_a_damaged_database_fails_its_integrity_check_and_a_sound_one_passes(tmp_path: Path) -> None:
    sound, damaged = tmp_path / "sound.sqlite3", tmp_path / "damaged.sqlite3"
    bind(sound, DatabaseIdentity(SIM.mode, SIM.account))
    copy_database(sound, damaged)
    data = bytearray(damaged.read_bytes())
    page = 4096
    # Scribble over every page after the first (the header stays, so the file still opens)
    data[page:] = b"\xa5" * (len(data) - page)
    damaged.write_bytes(bytes(data))

    broken = integrity(damaged)

    assert integrity(sound).verdict is Verdict.OK
    assert broken.verdict is Verdict.FAIL and "alphaengine restore" in broken.action


def test_a_write_ahead_log_above_the_bound_warns(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    connection = open_database(db)
    try:
        connection.execute("CREATE TABLE filler (x BLOB)")
        connection.execute("INSERT INTO filler VALUES (zeroblob(200000))")
        size = (tmp_path / "a.sqlite3-wal").stat().st_size
        above, below = wal_size(db, warn_above=size - 1), wal_size(db, warn_above=size)
    finally:
        connection.close()

    assert above.verdict is Verdict.WARN and "restart the web" in above.action
    assert below.verdict is Verdict.OK


def test_free_disk_fails_below_its_floor_warns_below_its_margin_and_passes_above(tmp_path: Path) -> None:
    db = tmp_path / "data" / "a.sqlite3"
    free = shutil.disk_usage(tmp_path).free

    failing = free_disk(db, DiskBounds(fail_bytes=free * 2, warn_bytes=free * 3))
    warning = free_disk(db, DiskBounds(fail_bytes=0, warn_bytes=free * 2, warn_share=0))
    passing = free_disk(db, DiskBounds(fail_bytes=0, warn_bytes=0, warn_share=0))

    assert (failing.verdict, warning.verdict, passing.verdict) == (Verdict.FAIL, Verdict.WARN, Verdict.OK)
    assert str(tmp_path) in passing.detail


def test_an_old_newest_backup_warns_a_fresh_one_passes_and_none_informs(tmp_path: Path) -> None:
    db, folder = tmp_path / "alphaengine.sqlite3", tmp_path / "backups"
    folder.mkdir()
    none = backup_age(db, folder, NOW)
    (folder / "alphaengine-20261204T120000Z.sqlite3").write_bytes(b"")
    old = backup_age(db, folder, NOW)
    (folder / "alphaengine-20261207T060000Z.sqlite3").write_bytes(b"")
    fresh = backup_age(db, folder, NOW)

    assert none.verdict is Verdict.INFO and "alphaengine backup" in none.action
    assert old.verdict is Verdict.WARN and "3.0 days" in old.detail
    assert fresh.verdict is Verdict.OK and "6.0 h" in fresh.detail and "2 in all" in fresh.detail


def test_the_bot_line_informs_whether_a_bot_runs(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    connection = open_database(db)
    try:
        store = SqliteHealthStore(connection)
        nobody = bot_liveness(store, NOW)
        store.write(BotHealth("host/pid 1/x", NOW - timedelta(minutes=5), NOW - timedelta(minutes=1), "READY", True))
        silent = bot_liveness(store, NOW)
        running = bot_liveness(store, NOW - timedelta(minutes=1))
    finally:
        connection.close()

    assert [f.verdict for f in (nobody, silent, running)] == [Verdict.INFO] * 3
    assert nobody.detail.startswith("NO BOT")
    assert silent.detail.startswith("NOT RESPONDING") and running.detail.startswith("READY")
