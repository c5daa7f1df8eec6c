"""/metrics over a trading bot (ADR 0077): the real bot on SQLite against the wire simulator, the web on the same file,
and Prometheus's own parser reading each scrape; the figures move as the bot trades, is refused and reconnects."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import pytest
from quart import Quart

from entrypoints.containers.adapters import sqlite_adapters
from entrypoints.containers.web import build_web_container
from entrypoints.demo import use_simulation_clock
from ports.exchange import StreamState
from tests.e2e.support import Bot, RunningSim, running_bot, running_sim, secrets_for
from tests.web.api.conftest import secured_app
from tests.web.api.test_metrics import LOCAL, Samples, one, samples

pytestmark = pytest.mark.anyio


@asynccontextmanager
async def web_beside(bot: Bot, tmp_path: Path, sim: RunningSim) -> AsyncIterator[Quart]:
    """The web on the bot's database file, on the simulation's clock, behind the real security."""
    adapters = sqlite_adapters(Path(bot.adapters.config.database.path()))
    use_simulation_clock(adapters, sim.app)
    app = secured_app(build_web_container(secrets_for(tmp_path / "web", sim.options), adapters))
    try:
        yield app
    finally:
        adapters.shutdown_resources()


async def scraped(app: Quart) -> Samples:
    """A scrape from loopback, no credentials, as a Prometheus on the same host does it."""
    response = await app.test_client().get("/metrics", scope_base={"client": LOCAL})
    assert response.status_code == 200, await response.get_data(as_text=True)
    return samples(await response.get_data(as_text=True))


async def published(bot: Bot) -> None:
    """One more simulated second: the heartbeat publishes what the bot counted."""
    await bot.step()


async def until(bot: Bot, done: Callable[[], bool], steps: int = 50) -> None:
    """Step one simulated second at a time (the socket working in between) until `done`."""
    for _ in range(steps):
        if done():
            return
        await bot.step()
        await anyio.sleep(0.01)
    raise AssertionError("not reached within the steps given")


async def test_the_figures_move_as_the_bot_trades_is_refused_and_reconnects(tmp_path: Path) -> None:
    (tmp_path / "web").mkdir()
    async with running_sim() as sim, running_bot(tmp_path, sim) as bot, web_beside(bot, tmp_path, sim) as web:
        await published(bot)
        booted = await scraped(web)
        await bot.start_trading()
        await bot.step(2)
        await bot.settle()
        trading = await scraped(web)

        await sim.control("PUT", "faults/storm_429", {"count": 1})
        bot.container.schedule().request()
        await bot.step(2)
        await sim.control("PUT", "faults/ws_close", {"count": 1})
        await until(bot, lambda: bot.container.board().current.stream_reconnects >= 1)
        await until(bot, lambda: bot.container.schedule().stream_state == StreamState.CONNECTED)
        await published(bot)
        refused = await scraped(web)

    symbol = {"symbol": sim.simulation.symbol}
    assert (one(booted, "bot_up"), one(booted, "bot_ready"), one(booted, "position_quantity", **symbol)) == (1, 1, 0)
    assert one(booted, "loop_lag_seconds") >= 0 and one(booted, "last_reconcile_age_seconds") >= 0
    assert one(trading, "events_total") > one(booted, "events_total")
    assert one(trading, "position_quantity", **symbol) != 0
    assert ("alphaengine_unrealized_pnl", (("symbol", sim.simulation.symbol),)) in trading
    assert one(trading, "command_latency_commands") >= 1
    assert one(trading, "rate_limit_used_weight") > 0
    assert one(trading, "stream_state", state="connected") == 1
    assert (
        one(refused, "exchange_refusals_total", status="429")
        == one(trading, "exchange_refusals_total", status="429") + 1
    )
    assert one(refused, "stream_reconnects_total") == one(trading, "stream_reconnects_total") + 1
    assert one(refused, "wal_bytes") >= 0
