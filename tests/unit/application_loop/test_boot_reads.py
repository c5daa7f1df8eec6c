"""A boot and its reconcile pass read as many rows with 100k stored trades as with 30 (issue 13, ADR 0069).

The rows are counted where they leave SQLite: a row tracer on the bot's one APSW connection sees every row any store
reads (events, projections, commands, lease, health, settings), so a read that grew with history would show. The
history is written in SQL straight into the projection tables (folding 100k fills would take minutes): trades with
their client ids, one closed-order marker each, and a few fills still awaiting attribution.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import apsw
import pytest
from pytest_mock import MockerFixture

import entrypoints.containers.adapters as adapter_sets
from application.projector import Projector
from entrypoints.containers.adapters import SqliteAdapters
from tests.unit.application_loop.bench import Bench, rig
from tests.unit.application_loop.test_boot import sqlite_set
from tests.web.api.test_dashboard_reads import TRADE_COLUMNS, Tally

pytestmark = pytest.mark.anyio

HISTORY = 100_000
UNATTRIBUTED = 3


def seed(connection: apsw.Connection, trades: int) -> None:
    """`trades` fills of hand orders (client ids known), one closed order each, and the last few without a client id."""
    connection.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        f"INSERT INTO projection_trade ({TRADE_COLUMNS}) SELECT i, i, i, "
        "CASE WHEN i > ? THEN NULL ELSE 'hand-' || i END, 'BUY', '0.5', '1', '0', 0, 1, "
        "strftime('%Y-%m-%dT%H:%M:%S', '2025-06-01', '+' || i || ' seconds') || '.000000Z', '0.01', 'USDT' FROM n",
        (trades, trades - UNATTRIBUTED),
    )
    connection.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        "INSERT INTO projection_order_closed (row_key, order_key, status, filled_qty, updated_at) "
        "SELECT 'order:' || i, 'order:' || i, 'FILLED', '1', '2025-06-01T00:00:00.000000Z' FROM n",
        (trades,),
    )


@pytest.fixture
def opened(mocker: MockerFixture) -> Any:
    """Spy on the SQLite adapter set's connection opener, to reach the connection the bot's stores share."""
    return mocker.spy(adapter_sets, "open_database")


async def boot_reads(tmp_path: Path, opened: Any, trades: int) -> tuple[int, Tally, Projector]:
    """(rows, tally, projector) of one boot (its first reconcile pass included) and the next pass, over `trades`
    stored trades."""
    bench = Bench()
    adapters: SqliteAdapters = sqlite_set(bench, tmp_path / f"bot-{trades}.sqlite3")
    adapters.projection_store()
    connection: apsw.Connection = opened.spy_return
    seed(connection, trades)
    bot = rig(bench, adapters=adapters)
    tally = Tally(counting=True)
    connection.row_trace, connection.exec_trace = tally.row, tally.statement
    try:
        outcome = await bot.boot_now()
        await bot.bot.reconciler().reconcile()
    finally:
        connection.row_trace = connection.exec_trace = None
    assert outcome.ready, outcome.reason
    return tally.rows, tally, bot.bot.projector()


async def test_a_boot_and_its_reconcile_read_as_many_rows_with_100k_trades_as_with_30(
    tmp_path: Path, opened: Any
) -> None:
    small_rows, small, _ = await boot_reads(tmp_path, opened, 30)
    large_rows, large, projector = await boot_reads(tmp_path, opened, HISTORY)

    assert large_rows == small_rows, [sql for sql in large.statements if sql not in small.statements]
    # The bot holds the small tables whole and the large ones only until saved: nothing of the 100k in memory
    assert projector.state.tables["trade"] == {} and projector.state.tables["order_closed"] == {}
    assert projector.state.highest_trade_id() == HISTORY
    assert [t.trade_id for t in projector.state.trades_without_client_id()] == list(
        range(HISTORY - UNATTRIBUTED + 1, HISTORY + 1)
    )
