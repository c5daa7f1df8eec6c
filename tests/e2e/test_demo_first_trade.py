"""The demo's configuration trades within its first real minute: proven on a manual clock, without sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio
import httpx
import pytest
from dependency_injector import providers

from config.secrets import load_secrets
from entrypoints.bot.process import boot_bot
from entrypoints.containers.adapters import in_memory_adapters
from entrypoints.containers.bot import build_bot_container
from entrypoints.demo import (
    DEMO_SPEED,
    DemoOptions,
    demo_secrets,
    demo_sim_app,
    demo_simulation,
    seed_demo_settings,
    use_simulation_clock,
)
from tests.unit.application_loop.fakes import QuietStream

pytestmark = pytest.mark.anyio

REAL_SECONDS = 60
# Different seconds within the minute: where the demo starts relative to a kline's close must not matter
STARTS = [datetime(2026, 11, 21, 20, 0, s, tzinfo=UTC) for s in (0, 17, 43)]


@pytest.mark.parametrize("start", STARTS, ids=lambda start: f"start+{start.second}s")
async def test_the_demo_fills_its_first_strategy_order_within_sixty_real_seconds(
    start: datetime,
    tmp_path: Path,
) -> None:
    options = DemoOptions()
    simulation = demo_simulation(options, start, real=None)
    app = demo_sim_app(simulation)
    adapters = in_memory_adapters()
    clock = use_simulation_clock(adapters, app)
    seed_demo_settings(adapters.config_store(), clock)
    (tmp_path / "secrets.yaml").write_text("mode: sim\n", encoding="utf-8")
    bot = build_bot_container(
        demo_secrets(load_secrets(tmp_path / "secrets.yaml", env={}), options), adapters, time_scale=options.speed
    )
    # The same wiring, reached through the app in-process; fills come to the bot by its REST reconciliation
    bot.transport.override(providers.Object(httpx.ASGITransport(app=app)))
    bot.user_stream.override(providers.Object(QuietStream()))
    boot_bot(bot, "in memory")
    boot, loop = bot.boot(), bot.loop()
    boot.take_lease()
    async with anyio.create_task_group() as group:
        assert (await boot.run(group)).ready
        group.cancel_scope.cancel()

    budget = timedelta(seconds=REAL_SECONDS * DEMO_SPEED)
    while not bot.projector().state.trades() and clock.now() - start < budget:
        simulation.clock.advance(timedelta(seconds=1))
        await loop.run_once()
    await bot.exchange.close()()

    trades = bot.projector().state.trades()
    assert trades, f"no fill within {budget} simulated ({REAL_SECONDS} real seconds at x{DEMO_SPEED:g})"
    assert len(simulation.engine.open_algo_orders(simulation.symbol)) == 1  # the entry's protective stop
