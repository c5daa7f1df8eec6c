"""The real app on the SQLite file: its store workers append the trail to the shared database, which keeps it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from adapters.sqlite.audit_log import SqliteAuditLog
from adapters.sqlite.connection import open_database
from ports.audit_log import AuditQuery
from tests.web.security.test_login_limit_survives_restart import Web, clock, start

pytestmark = pytest.mark.anyio
__all__ = ["clock", "start"]


async def test_the_web_appends_to_the_database_and_another_process_reads_it(
    start: Callable[[], Web], tmp_path: Path
) -> None:
    web = start()
    assert await web.login("198.51.100.66", "alice", "wrong password") == (401, None)
    assert (await web.login("203.0.113.10"))[0] == 200
    web.stop()

    connection = open_database(tmp_path / "web.sqlite3")
    try:
        entries = [record.entry for record in SqliteAuditLog(connection).page(AuditQuery())]
    finally:
        connection.close()

    assert [(e.user, e.client, e.status, e.role) for e in entries] == [
        ("alice", "203.0.113.10", 200, "admin"),
        ("alice", "198.51.100.66", 401, ""),
    ]
    assert entries[0].credential.startswith("session:")
