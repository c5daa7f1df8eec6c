"""`alphaengine audit export`: the trail as JSON lines or CSV on stdout, newest first, filtered by --since/--user."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from adapters.sqlite.audit_log import SqliteAuditLog
from adapters.sqlite.connection import open_database
from ports.audit_log import AuditEntry

if TYPE_CHECKING:
    from tests.cli.conftest import Cli

T0 = datetime(2026, 3, 4, 3, 0, tzinfo=UTC)


def record(cli: Cli, *entries: AuditEntry) -> None:
    cli.db.parent.mkdir(parents=True, exist_ok=True)
    connection = open_database(cli.db)
    try:
        for entry in entries:
            SqliteAuditLog(connection).append(entry)
    finally:
        connection.close()


def entry(minutes: int, user: str, detail: str = "") -> AuditEntry:
    return AuditEntry(
        T0 + timedelta(minutes=minutes), user, "admin", "session:j1", "203.0.113.7", "login", 200, "ok", detail
    )


def test_jsonl_lists_every_entry_newest_first_and_since_filters(cli: Cli) -> None:
    record(cli, entry(0, "alice"), entry(5, "bob"), entry(12, "alice", 'command c9 SetLeverage {"leverage":50}'))

    every = cli.run("audit", "export")
    recent = cli.run("audit", "export", "--since", "2026-03-04T03:05:00Z", "--user", "alice")

    assert every.returncode == 0, every.stderr
    rows = [json.loads(line) for line in every.stdout.splitlines()]
    assert [(row["id"], row["user"], row["at"]) for row in rows] == [
        (3, "alice", "2026-03-04T03:12:00.000000Z"),
        (2, "bob", "2026-03-04T03:05:00.000000Z"),
        (1, "alice", "2026-03-04T03:00:00.000000Z"),
    ]
    assert rows[0] == {
        "id": 3,
        "at": "2026-03-04T03:12:00.000000Z",
        "user": "alice",
        "role": "admin",
        "credential": "session:j1",
        "client": "203.0.113.7",
        "action": "login",
        "status": 200,
        "outcome": "ok",
        "detail": 'command c9 SetLeverage {"leverage":50}',
    }
    assert [json.loads(line)["id"] for line in recent.stdout.splitlines()] == [3]


def test_csv_has_a_header_and_quotes_cells_a_spreadsheet_would_run_as_formulas(cli: Cli) -> None:
    record(cli, entry(0, '=HYPERLINK("http://evil")', "-1+1"), entry(1, 'alice, "the" admin'))

    result = cli.run("audit", "export", "--format", "csv")

    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["id", "at", "user", "role", "credential", "client", "action", "status", "outcome", "detail"]
    assert [row[2] for row in rows[1:]] == ['alice, "the" admin', '\'=HYPERLINK("http://evil")']
    assert rows[2][-1] == "'-1+1"


def test_a_since_that_is_not_a_time_is_one_line_naming_the_flag(cli: Cli) -> None:
    result = cli.run("audit", "export", "--since", "yesterday")

    assert result.returncode == 2
    assert "argument --since: 'yesterday' is not an ISO-8601 time" in result.stderr
    assert "Traceback" not in result.stderr
