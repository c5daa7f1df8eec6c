"""A dashboard refresh reads a bounded number of rows, whatever the trade and order history (issue 12, ADR 0052).

The rows are counted where they leave SQLite: a row tracer on every APSW connection the web opened on the file (its
store workers each hold one, ADR 0066) sees every row any store reads (projections, settings, health, events, users),
so a read that grew with history would show.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import apsw
import pytest
from pytest_mock import MockerFixture

import entrypoints.containers.adapters as adapter_sets
from config.secrets import load_secrets
from domain.projections.rows import Balance, EngineStatus, OpenOrder, PnlDay, Position
from domain.projections.state import ENGINE_KEY, RowChange
from domain.values import EngineState, OrderStatus, OrderType, Side, TimeInForce
from entrypoints.containers.adapters import sqlite_adapters
from entrypoints.containers.web import WebContainer, build_web_container
from tests.web.api.conftest import Api, logged_in, secured_app

pytestmark = pytest.mark.anyio

HISTORY = 100_000
# Generous against today's count (about 30): what matters is that it does not move with HISTORY
BOUND = 60
TRADE_COLUMNS = (
    "row_key, trade_id, order_id, client_order_id, side, price, quantity, realized_pnl, maker, external, "
    "executed_at, fee, fee_asset"
)


@dataclass
class Tally:
    """Rows and statements that went through the connection while counting."""

    counting: bool = False
    rows: int = 0
    statements: list[str] = field(default_factory=list)

    def row(self, _cursor: apsw.Cursor, row: Any) -> Any:
        self.rows += self.counting
        return row

    def statement(self, _cursor: apsw.Cursor, sql: str, _bindings: Any) -> bool:
        if self.counting:
            self.statements.append(sql)
        return True


@dataclass
class Web:
    api: Api
    connection: apsw.Connection
    tally: Tally
    opened: Any

    def connections(self) -> list[apsw.Connection]:
        """Every connection opened on this web's file: the adapter set's and one per store worker used so far."""
        return [found for found in self.opened.spy_return_list if _file(found) == self.connection.filename]

    async def read(self, path: str) -> tuple[int, int]:
        """(rows, statements) one GET of `path` reads, once the store workers it needs hold their connections (opening
        one reads the schema's migrations, which is not the request's doing)."""
        await self.api.get(path)
        for connection in self.connections():
            connection.row_trace, connection.exec_trace = self.tally.row, self.tally.statement
        self.tally.counting, self.tally.rows, self.tally.statements = True, 0, []
        response = await self.api.get(path)
        self.tally.counting = False
        assert response.status_code == 200, await response.get_data(as_text=True)
        return self.tally.rows, len(self.tally.statements)


def _file(connection: apsw.Connection) -> str | None:
    try:
        return connection.filename
    except apsw.ConnectionClosedError:
        return None


@pytest.fixture
def opened(mocker: MockerFixture) -> Any:
    """Spy on the SQLite connection opener, to reach every connection the web opens (its set's and its workers')."""
    return mocker.spy(adapter_sets, "open_database")


async def web_on_sqlite(tmp_path: Path, opened: Any, trades: int) -> Web:
    tmp_path.mkdir()
    secrets_file = tmp_path / "secrets.yaml"
    secrets_file.write_text("mode: sim\n", encoding="utf-8")
    container: WebContainer = build_web_container(
        load_secrets(secrets_file, env={}), sqlite_adapters(tmp_path / "web.sqlite3")
    )
    app = secured_app(container)
    # The adapter set's own connection, opened first (for the user added above)
    connection = opened.spy_return
    api = await logged_in(app, container)
    seed(container, connection, trades)
    return Web(api, connection, Tally(), opened)


def seed(container: WebContainer, connection: apsw.Connection, trades: int) -> None:
    """`trades` filled trades, one closed order each, written in SQL (the fold would take minutes for 100k); the
    current rows through the store."""
    connection.execute(
        f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        f"INSERT INTO projection_trade ({TRADE_COLUMNS}) SELECT i, i, i, NULL, 'BUY', '0.5', '1', '0', 0, 0, "
        "strftime('%Y-%m-%dT%H:%M:%S', '2025-06-01', '+' || i || ' seconds') || '.000000Z', '0.01', 'USDT' FROM n",
        (trades,),
    )
    connection.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        "INSERT INTO projection_order_closed (row_key, order_key, status, filled_qty, updated_at) "
        "SELECT 'order:' || i, 'order:' || i, 'FILLED', '1', '2025-06-01T00:00:00.000000Z' FROM n",
        (trades,),
    )
    now = container.adapters.clock().now()
    rows = [
        Position("XRPUSDT", Decimal("10"), Decimal("0.5"), Decimal("1"), 5, now),
        Balance("USDT", Decimal("1000"), Decimal("1000"), now),
        *(open_order(order_id, now) for order_id in (HISTORY + 1, HISTORY + 2)),
        PnlDay(now.date(), Decimal("-2"), Decimal("0.5"), Decimal("0")),
        PnlDay((now - timedelta(days=1)).date(), Decimal("3"), Decimal("0.5"), Decimal("0")),
        EngineStatus(ENGINE_KEY, EngineState.RUNNING, "resumed", now),
    ]
    tables = {
        Position: "position",
        Balance: "balance",
        OpenOrder: "order_open",
        PnlDay: "pnl_day",
        EngineStatus: "engine",
    }
    container.adapters.projection_store().save([RowChange(tables[type(row)], row.key, row) for row in rows], 1)


def open_order(order_id: int, now: Any) -> OpenOrder:
    return OpenOrder(
        f"order:{order_id}",
        f"ae-{order_id}",
        order_id,
        False,
        Side.SELL,
        OrderType.LIMIT,
        Decimal("10"),
        Decimal("0.6"),
        None,
        False,
        False,
        TimeInForce.GTC,
        OrderStatus.NEW,
        Decimal("0"),
        Decimal("0"),
        False,
        now,
    )


@pytest.fixture
async def small(tmp_path: Path, opened: Any) -> AsyncIterator[Web]:
    web = await web_on_sqlite(tmp_path / "small", opened, 30)
    yield web
    for connection in web.connections():
        connection.close()


@pytest.fixture
async def large(tmp_path: Path, opened: Any) -> AsyncIterator[Web]:
    web = await web_on_sqlite(tmp_path / "large", opened, HISTORY)
    yield web
    for connection in web.connections():
        connection.close()


@pytest.mark.parametrize("path", ["/api/dashboard", "/api/dashboard/market", "/?panel=live", "/"])
async def test_a_dashboard_request_reads_as_many_rows_with_100k_trades_as_with_30(
    small: Web,
    large: Web,
    path: str,
) -> None:
    assert large.connection.execute("SELECT count(*) FROM projection_trade").get == HISTORY

    rows, statements = await large.read(path)

    assert (rows, statements) == await small.read(path)
    assert rows <= BOUND, large.tally.statements


async def test_the_100k_trade_dashboard_shows_the_20_newest(large: Web) -> None:
    body = await (await large.api.get("/api/dashboard")).get_json()

    assert [trade["trade_id"] for trade in body["recent_trades"]] == list(range(HISTORY, HISTORY - 20, -1))
    assert [order["order_id"] for order in body["open_orders"]] == [HISTORY + 1, HISTORY + 2]
    assert (body["pnl"]["today"]["net"], body["pnl"]["total"]["net"]) == ("-2.5", "0.0")


async def test_the_page_reads_the_settings_and_the_bot_health_once(small: Web) -> None:
    await small.read("/")

    def reads_of(table: str) -> int:
        return sum(f"FROM {table} " in f"{sql} " for sql in small.tally.statements)

    # The live panel is two API views (dashboard and market) and the health panel a third: one read serves them all
    assert (reads_of("config_store"), reads_of("bot_health")) == (1, 1)
