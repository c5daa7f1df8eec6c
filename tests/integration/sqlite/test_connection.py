"""open_database configures each connection (WAL, synchronous=FULL, busy timeout, foreign keys); the log is frozen."""

from __future__ import annotations

from pathlib import Path

import apsw
import pytest

from adapters.sqlite.connection import JOURNAL_SIZE_LIMIT, open_database
from adapters.sqlite.event_store import SqliteEventStore
from tests.contract.samples import reconciled


def test_the_journal_is_wal_commits_sync_fully_and_the_log_shrinks_back_after_a_reset(
    connection: apsw.Connection,
) -> None:
    assert connection.pragma("journal_mode") == "wal"
    assert connection.pragma("synchronous") == 2
    assert connection.pragma("journal_size_limit") == JOURNAL_SIZE_LIMIT


def test_the_busy_timeout_is_given_in_seconds(tmp_path: Path) -> None:
    default = open_database(tmp_path / "a.sqlite3")
    short = open_database(tmp_path / "b.sqlite3", busy_timeout_s=0.25)

    assert (default.pragma("busy_timeout"), short.pragma("busy_timeout")) == (5000, 250)
    default.close()
    short.close()


def test_foreign_keys_are_enforced(connection: apsw.Connection) -> None:
    assert connection.pragma("foreign_keys") == 1
    with pytest.raises(apsw.ConstraintError, match="FOREIGN KEY"):
        connection.execute(
            "INSERT INTO command_to_exchange (client_order_id, command_id, leg, conditional, created_at, link_seq) "
            "VALUES ('ae-x', 'no-such-command', 'main', 0, '2026-01-01T00:00:00.000000Z', 1)",
        )


def test_every_connection_gets_the_settings_not_only_the_first(db_path: Path, connection: apsw.Connection) -> None:
    second = open_database(db_path, busy_timeout_s=1.5)

    settings = (second.pragma("journal_mode"), second.pragma("synchronous"), second.pragma("busy_timeout"))

    assert settings == ("wal", 2, 1500)
    second.close()


def test_opening_creates_the_missing_parent_folders(tmp_path: Path) -> None:
    path = tmp_path / "var" / "lib" / "alphaengine" / "engine.sqlite3"

    open_database(path).close()

    assert path.is_file()


def test_a_negative_busy_timeout_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="busy_timeout_s"):
        open_database(tmp_path / "x.sqlite3", busy_timeout_s=-1)


class TestAppendOnly:
    @pytest.fixture
    def logged(self, connection: apsw.Connection) -> apsw.Connection:
        SqliteEventStore(connection).append([reconciled(1), reconciled(2)])
        return connection

    def test_updating_an_event_is_refused(self, logged: apsw.Connection) -> None:
        with pytest.raises(apsw.ConstraintError, match="append-only"):
            logged.execute("UPDATE event_store SET payload_json = '{}' WHERE seq = 1")

    def test_deleting_an_event_is_refused(self, logged: apsw.Connection) -> None:
        with pytest.raises(apsw.ConstraintError, match="append-only"):
            logged.execute("DELETE FROM event_store WHERE seq = 2")

    def test_replacing_an_event_through_an_upsert_is_refused(self, logged: apsw.Connection) -> None:
        with pytest.raises(apsw.ConstraintError):
            logged.execute(
                "INSERT OR REPLACE INTO event_store (seq, event_id, event_type, ts, correlation_id, scope_exchange, "
                "scope_venue, scope_account_id, scope_symbol, scope_mode, source, dedup_key, payload_json) "
                "SELECT seq, event_id, event_type, ts, correlation_id, scope_exchange, scope_venue, scope_account_id, "
                "scope_symbol, scope_mode, source, dedup_key, '{}' FROM event_store WHERE seq = 1",
            )

    def test_the_refused_edits_leave_the_log_as_it_was(self, logged: apsw.Connection) -> None:
        before = SqliteEventStore(logged).read_after(0)
        for sql in ("UPDATE event_store SET ts = 'x'", "DELETE FROM event_store"):
            with pytest.raises(apsw.ConstraintError):
                logged.execute(sql)

        assert SqliteEventStore(logged).read_after(0) == before
