"""`alphaengine backup | restore` (ADR 0072): an online copy while events are appended, rotation, and refusals."""

from __future__ import annotations

import re
import shutil
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.lease import SqliteLeaseStore
from adapters.sqlite.projection_store import SqliteProjectionStore
from application.projector import Projector
from domain.events import EngineStateChanged, new_event
from domain.values import EngineState, Mode, Scope, Source

if TYPE_CHECKING:
    from tests.cli.conftest import Cli

SCOPE = Scope("BINANCE", "FUTURES", "main", "XRPUSDT", Mode.SIM)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _append(store: SqliteEventStore, first: int, count: int) -> None:
    for n in range(first, first + count):
        state = EngineState.PAUSED if n % 2 else EngineState.RUNNING
        payload = EngineStateChanged(state, f"test {n}", None)
        store.append([new_event(payload, event_id=f"ev-{n}", ts=T0, scope=SCOPE, source=Source.BOT)])


def _events(db: Path, first: int = 0, count: int = 0) -> int:
    """Append `count` events to `db`; return its last seq."""
    connection = open_database(db)
    try:
        store = SqliteEventStore(connection)
        _append(store, first, count)
        return store.last_seq()
    finally:
        connection.close()


def _rebuilt_dump(db: Path) -> dict[str, Any]:
    connection = open_database(db)
    try:
        projections = SqliteProjectionStore(connection)
        Projector(SqliteEventStore(connection), projections).rebuild()
        return projections.dump()
    finally:
        connection.close()


def _reference(original: Path, up_to: int, into: Path) -> Path:
    """A fresh database holding the original's events up to seq `up_to`, in order."""
    source, target = open_database(original), open_database(into)
    try:
        events, copy = SqliteEventStore(source), SqliteEventStore(target)
        after = 0
        while after < up_to:
            batch = [stored for stored in events.read_after(after, limit=500) if stored.seq <= up_to]
            copy.append([stored.event for stored in batch])
            after = batch[-1].seq
    finally:
        source.close()
        target.close()
    return into


def _seq(stdout: str) -> int:
    found = re.search(r"events up to seq ([0-9]+)", stdout)
    assert found is not None, stdout
    return int(found[1])


def test_a_backup_taken_while_events_are_appended_restores_to_the_originals_projections(
    cli: Cli, tmp_path: Path
) -> None:
    _events(cli.db, 0, 200)
    stop, appended = threading.Event(), [200]

    def writer() -> None:
        connection = open_database(cli.db)
        try:
            store = SqliteEventStore(connection)
            while not stop.is_set():
                _append(store, appended[0], 5)
                appended[0] += 5
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        taken = cli.run("backup", "--to", str(tmp_path / "copies" / "taken.sqlite3"))
        more = appended[0]
        while appended[0] < more + 20 and thread.is_alive():
            stop.wait(0.01)
    finally:
        stop.set()
        thread.join()

    assert taken.returncode == 0, taken.stderr
    seq = _seq(taken.stdout)
    assert 200 <= seq < _events(cli.db)
    restored = tmp_path / "restored.sqlite3"
    put_back = cli.run_without_db("--db", str(restored), "restore", str(tmp_path / "copies" / "taken.sqlite3"))
    assert put_back.returncode == 0, put_back.stderr
    assert f"events up to seq {seq}" in put_back.stdout
    rebuilt = cli.run_without_db("--db", str(restored), "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"checkpoint {seq}" in rebuilt.stdout
    expected = _rebuilt_dump(_reference(cli.db, seq, tmp_path / "reference.sqlite3"))
    assert _rebuilt_dump(restored) == expected


def test_keep_deletes_the_oldest_backups_of_that_database_beyond_n(cli: Cli, tmp_path: Path) -> None:
    _events(cli.db, 0, 3)
    folder = tmp_path / "backups"
    folder.mkdir()
    for taken in ("20250101T000000Z", "20250102T000000Z", "20250103T000000Z"):
        shutil.copy(cli.db, folder / f"alphaengine-{taken}.sqlite3")
    other = folder / "another-20240101T000000Z.sqlite3"
    shutil.copy(cli.db, other)

    result = cli.run("backup", "--to", str(folder), "--keep", "2")

    assert result.returncode == 0, result.stderr
    kept = sorted(path.name for path in folder.glob("alphaengine-*.sqlite3"))
    assert len(kept) == 2 and kept[0] == "alphaengine-20250103T000000Z.sqlite3"
    assert re.fullmatch(r"alphaengine-[0-9]{8}T[0-9]{6}Z\.sqlite3", kept[1]) and kept[1] > kept[0]
    assert other.exists()
    assert sorted(path.name for path in folder.iterdir()) == sorted([*kept, other.name])


def test_a_bad_keep_or_a_missing_database_is_refused_in_one_line(cli: Cli, tmp_path: Path) -> None:
    missing = cli.run("backup", "--to", str(tmp_path))
    _events(cli.db, 0, 1)
    bad_keep = cli.run("backup", "--to", str(tmp_path), "--keep", "0")

    assert missing.returncode == 2
    assert missing.stderr == (
        f"alphaengine: config error: database {cli.db}: no such file: pass --db for the database to back up\n"
    )
    assert bad_keep.returncode == 2
    assert bad_keep.stderr.splitlines() == [
        "alphaengine: config error: --keep: must be between 1 and 1000, got 0: the number of backups to keep"
    ]
    assert not list(tmp_path.glob("*.sqlite3"))


def test_restore_refuses_a_database_a_running_bot_holds(cli: Cli, tmp_path: Path) -> None:
    _events(cli.db, 0, 4)
    backup = tmp_path / "b.sqlite3"
    assert cli.run("backup", "--to", str(backup)).returncode == 0
    _events(cli.db, 4, 3)
    connection = open_database(cli.db)
    try:
        lease = SqliteLeaseStore(connection)
        assert lease.acquire("elsewhere/pid 4242/abcd", timedelta(minutes=5), datetime.now(UTC)).granted
    finally:
        connection.close()

    for result in (cli.run("restore", str(backup), "--force"), cli.run("restore", str(backup))):
        assert result.returncode == 2
        [line] = result.stderr.splitlines()
        assert line.startswith(
            f"alphaengine: config error: database {cli.db}: a running bot holds it: elsewhere/pid 4242"
        )
        assert line.endswith("stop that bot, then restore again")
    assert _events(cli.db) == 7


def test_restore_replaces_an_existing_database_only_with_force(cli: Cli, tmp_path: Path) -> None:
    _events(cli.db, 0, 4)
    backup = tmp_path / "b.sqlite3"
    assert cli.run("backup", "--to", str(backup)).returncode == 0
    _events(cli.db, 4, 3)

    refused = cli.run("restore", str(backup))
    assert refused.returncode == 2
    assert refused.stderr == (
        f"alphaengine: config error: database {cli.db}: exists: pass --force to replace it with the backup "
        "(or --db for a new file)\n"
    )
    assert _events(cli.db) == 7

    forced = cli.run("restore", str(backup), "--force")
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout == f"restored {cli.db} from {backup}: not bound yet, events up to seq 4\n"
    assert _events(cli.db) == 4


def test_a_corrupt_or_foreign_file_is_refused_as_a_backup(cli: Cli, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    foreign = tmp_path / "foreign.sqlite3"
    connection = open_database(foreign, migrate=False)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()

    corrupt = cli.run("restore", str(junk))
    other = cli.run("restore", str(foreign))

    assert (corrupt.returncode, other.returncode) == (2, 2)
    assert corrupt.stderr.startswith(f"alphaengine: config error: backup {junk}: {junk} is not a readable SQLite")
    assert corrupt.stderr.endswith("; nothing was restored\n")
    assert other.stderr == (
        f"alphaengine: config error: backup {foreign}: {foreign} is not an AlphaEngine database "
        "(no table schema_migrations, database_identity, event_store); nothing was restored\n"
    )
    assert not cli.db.exists()
