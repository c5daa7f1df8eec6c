"""Guide I7/S5: the API secret never shows up in the logs, the database, or the web's answers, error paths included."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import apsw
import pytest

from config.constants import SimCredentials
from entrypoints.containers.web import build_web_container
from tests.e2e.support import Bot, running_bot, running_sim, secrets_for
from tests.web.api.conftest import logged_in, secured_app

pytestmark = pytest.mark.anyio

CANARY = SimCredentials.API_SECRET
WEB_ROUTES = (
    "/api/dashboard",
    "/api/dashboard/market",
    "/api/events?limit=1000",
    "/api/commands?limit=200",
    "/health",
    "/api/config/engine",
    "/api/config/strategy",
    "/api/openapi.json",
)


def database_text(path: Path) -> str:
    """Every cell of every table, as text."""
    connection = apsw.Connection(str(path), flags=apsw.SQLITE_OPEN_READONLY)
    tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    cells = [str(cell) for table in tables for row in connection.execute(f'SELECT * FROM "{table}"') for cell in row]
    connection.close()
    return "\n".join(cells)


async def web_answers(bot: Bot, tmp_path: Path) -> str:
    web = build_web_container(secrets_for(tmp_path, bot.sim.options), bot.adapters)
    api = await logged_in(secured_app(web), web)
    bodies = [await (await api.get(route)).get_data(as_text=True) for route in WEB_ROUTES]
    assert all(body for body in bodies)
    return "\n".join(bodies)


async def test_the_api_secret_is_nowhere_after_a_session_with_failures(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running_sim() as sim, running_bot(tmp_path, sim) as bot:
        await bot.start_trading()
        await sim.control("PUT", "faults/unknown_503", {"count": 2, "placed": False})
        await sim.control("PUT", "faults/clock_ahead", {"count": 3, "seconds": 20})
        await sim.control("PUT", "faults/storm_429", {"count": 3})
        await bot.step(120, by=timedelta(seconds=5))
        await bot.settle()
        fired = await sim.control("GET", "faults/log")
        answers = await web_answers(bot, tmp_path)

    stored = database_text(tmp_path / "data" / "alphaengine.sqlite3")
    assert {entry["fault"] for entry in fired} >= {"clock_ahead", "storm_429"}
    assert "trade.executed" in stored, "the session should have traded"
    assert CANARY not in caplog.text
    assert CANARY not in stored
    assert CANARY not in answers
