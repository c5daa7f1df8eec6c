"""A scrape of /metrics reads as many rows with 100,000 trades, closed orders and commands as with a few dozen (ADR
0077, the rule of ADR 0052), counted where rows leave SQLite, on the dashboard test's stores."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from entrypoints.web.metrics.scrape import COMMAND_WINDOW
from tests.web.api.test_dashboard_reads import HISTORY, Web, web_on_sqlite
from tests.web.api.test_dashboard_reads import opened as opened  # the fixture, shared

pytestmark = pytest.mark.anyio

# About 30 rows of the dashboard's reads and the window of commands; what matters is that it does not move
BOUND = 40 + COMMAND_WINDOW
REPLACED = {"command_id": "'copy-' || i", "idempotency_key": "'copy-' || i", "insertion_seq": "base.insertion_seq + i"}


async def with_commands(web: Web, count: int) -> Web:
    """One command posted through the API, answered, then copied in SQL until `count` are stored."""
    created = await web.api.post("/api/commands", json={"type": "PauseEngine", "payload": {"reason": "scrape"}})
    assert created.status_code == 201
    commands = web.api.container.adapters.command_store()
    claimed = commands.claim_next(web.api.clock.now())
    assert claimed is not None
    commands.mark_acked(claimed.command.command_id, {}, web.api.clock.now())
    columns = [row[1] for row in web.connection.execute("PRAGMA table_info(command_store)")]
    copied = ", ".join(REPLACED.get(column, f"base.{column}") for column in columns)
    web.connection.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        f"INSERT INTO command_store ({', '.join(columns)}) SELECT {copied} FROM n, command_store AS base",
        (count - 1,),
    )
    return web


async def closed(web: Web) -> None:
    for connection in web.connections():
        connection.close()


@pytest.fixture
async def few(tmp_path: Path, opened: Any) -> AsyncIterator[Web]:
    web = await with_commands(await web_on_sqlite(tmp_path / "few", opened, 30), COMMAND_WINDOW + 10)
    yield web
    await closed(web)


@pytest.fixture
async def many(tmp_path: Path, opened: Any) -> AsyncIterator[Web]:
    web = await with_commands(await web_on_sqlite(tmp_path / "many", opened, HISTORY), HISTORY)
    yield web
    await closed(web)


async def test_a_scrape_reads_as_many_rows_with_100k_trades_and_commands_as_with_a_few(few: Web, many: Web) -> None:
    assert many.connection.execute("SELECT count(*) FROM command_store").get == HISTORY

    rows, statements = await many.read("/metrics")

    assert (rows, statements) == await few.read("/metrics")
    assert rows <= BOUND, many.tally.statements
