"""A real Hypercorn simulator on a free port and the real bot, built by the demo's wiring, on SQLite in tmp_path.

The simulation's clock is manual and is the bot's clock too (as in the demo): a test steps simulated time and runs
the main loop once per step, while the user-data WebSocket delivers frames for real in between.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import anyio
import httpx
from dependency_injector import providers

from adapters.simulator.simulation import Simulation
from application.boot import BootOutcome
from application.loop import CycleReport, MainLoop
from config.secrets import Secrets, load_secrets
from domain.commands import USER_PRIORITY, Actor, ActorKind, Command, CommandPayload, PauseEngine, ResumeEngine
from domain.events import StoredEvent
from domain.reports import IncomeReport
from entrypoints.bot.process import boot_bot
from entrypoints.containers.adapters import SqliteAdapters, sqlite_adapters
from entrypoints.containers.bot import BotContainer, build_bot_container
from entrypoints.demo import (
    DemoOptions,
    demo_secrets,
    demo_sim_app,
    demo_simulation,
    seed_demo_settings,
    use_simulation_clock,
    wait_until_serving,
)
from entrypoints.pnl import PnlTotals, exchange_totals, projected_totals
from entrypoints.runtime import update_setting
from entrypoints.sim import serve_app
from ports.exchange import StreamState, UserDataStream

START = datetime(2026, 11, 21, 20, 0, 5, tzinfo=UTC)
OPEN = ("NEW", "PARTIALLY_FILLED")
STEP = timedelta(seconds=1)
TIME_SCALE = 60.0
QUIET_POLL_S = 24 * 3600


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def secrets_for(tmp_path: Path, options: DemoOptions) -> Secrets:
    path = tmp_path / "secrets.yaml"
    path.write_text("mode: sim\n", encoding="utf-8")
    return demo_secrets(load_secrets(path, env={}), options)


@dataclass
class RunningSim:
    simulation: Simulation
    app: Any
    options: DemoOptions
    client: httpx.AsyncClient

    async def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = await self.client.request(method, f"/_sim/{path}", json=body)
        assert response.status_code == 200, response.text
        return response.json()

    async def oracle(self) -> dict[str, Any]:
        return dict(await self.control("GET", "state"))


@asynccontextmanager
async def running_sim(start: datetime = START) -> AsyncIterator[RunningSim]:
    options = DemoOptions(sim_port=free_port())
    simulation = demo_simulation(options, start, real=None)
    app, stop = demo_sim_app(simulation), anyio.Event()
    url = f"http://127.0.0.1:{options.sim_port}"
    async with anyio.create_task_group() as group:
        group.start_soon(serve_app, app, options.sim_host, options.sim_port, stop)
        await wait_until_serving(url)
        try:
            async with httpx.AsyncClient(base_url=url) as client:
                yield RunningSim(simulation, app, options, client)
        finally:
            stop.set()


@dataclass
class Bot:
    container: BotContainer
    adapters: SqliteAdapters
    sim: RunningSim
    loop: MainLoop
    outcome: BootOutcome

    async def step(self, times: int = 1, by: timedelta = STEP) -> list[CycleReport]:
        """Move simulated time and run one cycle, `times` times; the stream's frames arrive in between."""
        reports = []
        for _ in range(times):
            self.sim.simulation.clock.advance(by)
            await anyio.sleep(0.002)
            reports.append(await self.loop.run_once())
        return reports

    async def settle(self) -> None:
        """Let the stream deliver what is on its way, then reconcile once more so REST has had its say too."""
        await anyio.sleep(0.05)
        self.container.schedule().request()
        await self.step()

    def command(self, payload: CommandPayload) -> str:
        """Queue a user command the way the web does (user priority, a web: idempotency key); return its id."""
        ids, clock = self.adapters.ids(), self.adapters.clock()
        command_id = ids.new_id()
        actor = Actor(ActorKind.USER, "e2e")
        command = Command(
            command_id,
            f"web:{command_id}",
            USER_PRIORITY,
            actor,
            self.container.scope(),
            clock.now(),
            command_id,
            payload,
        )
        self.adapters.command_store().insert(command, clock.now())
        return command_id

    async def start_trading(self) -> None:
        """Resume the strategy once the user-data stream is connected and its first reconciliation is done.

        The bot boots paused: otherwise the demo market's first cross is traded in the very cycle that runs the
        reconnect reconciliation, the race reported with ADR 0028 (stale stream snapshots after a REST one).
        """
        with anyio.fail_after(10):
            while self.container.schedule().stream_state != StreamState.CONNECTED:
                await self.step()
                await anyio.sleep(0.01)
        await self.step()
        self.command(ResumeEngine())
        await self.step()

    @property
    def state(self) -> Any:
        self.container.projector().catch_up()
        return self.container.projector().state

    def pnl(self) -> PnlTotals:
        return projected_totals(self.state.pnl_days())


def build_bot(
    tmp_path: Path,
    sim: RunningSim,
    settings: Mapping[str, Any] | None = None,
    stream: UserDataStream | None = None,
) -> tuple[BotContainer, SqliteAdapters]:
    """`settings`: dotted keys set as the web would, after the e2e defaults; `stream`: stands in for the WebSocket."""
    adapters = sqlite_adapters(tmp_path / "data" / "alphaengine.sqlite3")
    app_clock = use_simulation_clock(adapters, sim.app)
    adapters.init_resources()
    seed_demo_settings(adapters.config_store(), app_clock)
    # Reconcile on connect and on request only, so what a test sees came through the stream unless it asks for a
    # poll (test_detection sets its own interval)
    update_setting(adapters.config_store(), app_clock, "engine.poll_interval_sec", QUIET_POLL_S, updated_by="e2e")
    for key, value in (settings or {}).items():
        update_setting(adapters.config_store(), app_clock, key, value, updated_by="e2e")
    # Stretched as in a fast demo: steps of whole simulated seconds must not read as a silent stream or lost lease
    container = build_bot_container(secrets_for(tmp_path, sim.options), adapters, time_scale=TIME_SCALE)
    if stream is not None:
        container.user_stream.override(providers.Object(stream))
    boot_bot(container, "e2e")
    return container, adapters


def pause_before_boot(bot: BotContainer, adapters: SqliteAdapters) -> None:
    ids, clock = adapters.ids(), adapters.clock()
    command_id = ids.new_id()
    command = Command(
        command_id,
        f"web:{command_id}",
        USER_PRIORITY,
        Actor(ActorKind.USER, "e2e"),
        bot.scope(),
        clock.now(),
        command_id,
        PauseEngine("e2e: trade once the stream is up"),
    )
    adapters.command_store().insert(command, clock.now())


@asynccontextmanager
async def running_bot(
    tmp_path: Path,
    sim: RunningSim,
    settings: Mapping[str, Any] | None = None,
    stream: UserDataStream | None = None,
) -> AsyncIterator[Bot]:
    container, adapters = build_bot(tmp_path, sim, settings, stream)
    pause_before_boot(container, adapters)
    boot, loop = container.boot(), container.loop()
    boot.take_lease()
    try:
        async with anyio.create_task_group() as group:
            outcome = await boot.run(group)
            yield Bot(container, adapters, sim, loop, outcome)
            group.cancel_scope.cancel()
    finally:
        loop.shut_down()
        with anyio.move_on_after(2, shield=True):
            await container.exchange.close()()
        adapters.shutdown_resources()


def oracle_open_orders(oracle: dict[str, Any]) -> set[str]:
    regular = {o["clientOrderId"] for o in oracle["orders"] if o["status"] in OPEN}
    algos = {a["clientAlgoId"] for a in oracle["algoOrders"] if a["algoStatus"] == "NEW"}
    return regular | algos


def oracle_pnl(oracle: dict[str, Any]) -> PnlTotals:
    """The oracle's income history summed as `alphaengine pnl --check` sums Binance's."""
    return exchange_totals(
        IncomeReport(
            row["incomeType"], row["asset"], Decimal(row["income"]), sim_time(row["time"]), row["tranId"], None
        )
        for row in oracle["income"]
    )


def stored_events(bot: Bot) -> list[StoredEvent]:
    """Every event the bot has stored so far, oldest first."""
    return list(bot.adapters.event_store().read_after(0, 1_000_000))


def sim_time(epoch_ms: int) -> datetime:
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)
