"""`alphaengine version` and `alphaengine rebuild` (progress on stderr, a summary line on stdout)."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.projection_store import SqliteProjectionStore
from domain.events import EngineStateChanged, new_event
from domain.values import EngineState, Mode, Scope, Source

if TYPE_CHECKING:
    from tests.cli.conftest import Cli

REPO = Path(__file__).resolve().parents[2]
SCOPE = Scope("BINANCE", "FUTURES", "main", "XRPUSDT", Mode.SIM)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def append_events(db: Path, count: int) -> None:
    connection = open_database(db)
    try:
        store = SqliteEventStore(connection)
        for n in range(count):
            state = EngineState.PAUSED if n % 2 else EngineState.RUNNING
            payload = EngineStateChanged(state, f"test {n}", None)
            store.append([new_event(payload, event_id=f"ev-{n}", ts=T0, scope=SCOPE, source=Source.BOT)])
    finally:
        connection.close()


def checkpoint(db: Path) -> int:
    connection = open_database(db)
    try:
        return SqliteProjectionStore(connection).checkpoint()
    finally:
        connection.close()


def test_version_prints_the_installed_version(cli: Cli) -> None:
    result = cli.run("version")

    assert (result.returncode, result.stdout) == (0, f"alphaengine {version('alphaengine')}\n")


def test_verbose_version_shows_where_each_package_comes_from(cli: Cli) -> None:
    result = cli.run("version", "--verbose")

    paths = {line.split()[0]: line.split(maxsplit=1)[1] for line in result.stdout.splitlines()[2:]}
    assert sorted(paths) == sorted(["domain", "ports", "application", "adapters", "entrypoints", "config"])
    assert paths["domain"] == str(REPO / "domain" / "__init__.py")


def test_rebuild_folds_every_event_and_reports_the_rate(cli: Cli) -> None:
    cli.db.parent.mkdir(parents=True)
    append_events(cli.db, 5)

    result = cli.run("rebuild")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("rebuilt projections: 5 events in ")
    assert "events/s), checkpoint 5" in result.stdout
    assert "rebuilding [" in result.stderr and "100% 5/5 events" in result.stderr
    assert checkpoint(cli.db) == 5


def test_rebuilding_an_empty_log_is_fine(cli: Cli) -> None:
    result = cli.run("rebuild")

    assert result.returncode == 0, result.stderr
    assert "0 events" in result.stdout and "checkpoint 0" in result.stdout
