"""Migration 0005 binds a database written before it to the mode of its first event (ADR 0046)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.sqlite import migrations
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.identity import SqliteIdentityStore
from domain.events import EngineStateChanged, new_event
from domain.values import EngineState, Mode, Scope, Source
from ports.database_identity import DatabaseIdentity

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _old_database(path: Path, modes: list[Mode], monkeypatch: pytest.MonkeyPatch) -> None:
    """A file migrated only up to 0004, with one event per mode in `modes`, in that order."""
    shipped = migrations.available_migrations()
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "available_migrations", lambda: [m for m in shipped if m.version < 5])
        connection = open_database(path)
    try:
        events = [
            new_event(
                EngineStateChanged(EngineState.PAUSED, "old", None),
                event_id=f"e{n}",
                ts=T0,
                scope=Scope("BINANCE", "FUTURES", "main", "XRPUSDT", mode),
                source=Source.BOT,
            )
            for n, mode in enumerate(modes)
        ]
        SqliteEventStore(connection).append(events)
    finally:
        connection.close()


def _identity(path: Path) -> DatabaseIdentity | None:
    connection = open_database(path)
    try:
        return SqliteIdentityStore(connection).read()
    finally:
        connection.close()


def test_an_old_database_belongs_to_the_mode_of_its_first_event_with_its_account_unknown(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _old_database(tmp_path / "old.sqlite3", [Mode.TESTNET, Mode.SIM], monkeypatch)

    assert _identity(tmp_path / "old.sqlite3") == DatabaseIdentity(Mode.TESTNET, None)


def test_an_old_database_without_events_stays_unbound_for_its_first_process(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _old_database(tmp_path / "empty.sqlite3", [], monkeypatch)

    assert _identity(tmp_path / "empty.sqlite3") is None
