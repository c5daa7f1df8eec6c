"""The live benches' bot: the real bot over the live simulator, built by its own container on SQLite (FULL) in a
scratch folder, its clock the simulator's, with the bench's probes plugged in."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import anyio
import httpx
from dependency_injector import providers

from config.secrets import Secrets, load_secrets
from domain.commands import USER_PRIORITY, Actor, ActorKind, Command, CommandPayload, PauseEngine
from entrypoints.bench.commit_probe import CommitProbe, ProbedEventStore, ProbedProjectionStore, ProbedStream
from entrypoints.bench.live_sim import LiveSim
from entrypoints.bot.process import boot_bot, run_bot
from entrypoints.containers.adapters import SqliteAdapters, sqlite_adapters
from entrypoints.containers.bot import BotContainer, build_bot_container
from entrypoints.demo import DemoOptions, demo_secrets, seed_demo_settings, use_simulation_clock
from entrypoints.runtime import update_setting
from ports.command_store import CommandStore
from ports.exchange import StreamState

DATABASE = "alphaengine.sqlite3"
READY_TIMEOUT_S = 30.0
POLL_EVERY_S = 0.005
# Long enough that no REST pass lands inside a measurement unless the bench asks for one
NO_POLL_S = 24 * 3600


@dataclass(frozen=True)
class BotOptions:
    """poll_s: engine.poll_interval_sec; probe: wraps the stores to stamp commits; transport: the bot's httpx one."""

    poll_s: int = NO_POLL_S
    probe: CommitProbe | None = None
    transport: httpx.AsyncBaseTransport | None = None


@dataclass
class LiveBot:
    container: BotContainer
    adapters: SqliteAdapters

    @property
    def ready(self) -> bool:
        return self.container.board().current.ready

    @property
    def connected(self) -> bool:
        return self.container.schedule().stream_state == StreamState.CONNECTED


def sim_secrets(folder: Path, options: DemoOptions) -> Secrets:
    path = folder / "secrets.yaml"
    path.write_text("mode: sim\n", encoding="utf-8")
    return demo_secrets(load_secrets(path, env={}), options)


def build_bot(folder: Path, sim: LiveSim, options: BotOptions = BotOptions()) -> LiveBot:
    """The bot's container over SQLite in `folder`, its clock the simulator's, its strategy paused; database open."""
    adapters = sqlite_adapters(folder / DATABASE)
    clock = use_simulation_clock(adapters, sim.app)
    if options.probe is not None:
        probe(adapters, options.probe)
    seed_demo_settings(adapters.config_store(), clock)
    update_setting(adapters.config_store(), clock, "engine.poll_interval_sec", options.poll_s, updated_by="bench")
    container = build_bot_container(sim_secrets(folder, sim.options), adapters)
    if options.transport is not None:
        container.transport.override(providers.Object(options.transport))
    if options.probe is not None:
        container.user_stream.override(providers.Object(ProbedStream(container.user_stream(), options.probe)))
    boot_bot(container, DATABASE)
    queue(adapters.command_store(), adapters, container, PauseEngine("bench: the strategy stays out of the way"))
    return LiveBot(container, adapters)


def probe(adapters: SqliteAdapters, commit_probe: CommitProbe) -> None:
    events, projections = adapters.event_store(), adapters.projection_store()
    adapters.event_store.override(providers.Object(ProbedEventStore(events, commit_probe)))
    adapters.projection_store.override(providers.Object(ProbedProjectionStore(projections, commit_probe)))


def queue(store: CommandStore, adapters: SqliteAdapters, bot: BotContainer, payload: CommandPayload) -> str:
    """Insert a user command the way the web does; return its id once its row is committed."""
    command_id, now = adapters.ids().new_id(), adapters.clock().now()
    command = Command(
        command_id,
        f"web:{command_id}",
        USER_PRIORITY,
        Actor(ActorKind.USER, "bench"),
        bot.scope(),
        now,
        command_id,
        payload,
    )
    store.insert(command, now)
    return command_id


@asynccontextmanager
async def running(bot: LiveBot, connected: bool = True) -> AsyncIterator[LiveBot]:
    """Run the bot (boot, then its main loop) until the block ends; entered once READY (and connected, if asked)."""
    stop = anyio.Event()
    try:
        async with anyio.create_task_group() as group:
            group.start_soon(run_bot, bot.container, stop)
            health = bot.container.board()
            await until(
                lambda: bot.ready and (bot.connected or not connected),
                "READY with the stream connected",
                detail=lambda: health.current.fail_closed_reason,
            )
            yield bot
            stop.set()
    finally:
        bot.adapters.shutdown_resources()


async def reconciled(bot: LiveBot) -> None:
    """Past the reconcile every (re)connect asks for, so it cannot race what the bench does next."""
    schedule, clock = bot.container.schedule(), bot.adapters.clock()
    await until(lambda: not schedule.due(clock.now()), "done with its first reconcile")


async def until(
    condition: Callable[[], bool],
    what: str,
    timeout_s: float = READY_TIMEOUT_S,
    detail: Callable[[], object] = lambda: None,
) -> None:
    """Wait for `condition`; TimeoutError names `what` was not reached (and `detail`, when it says something)."""
    with anyio.move_on_after(timeout_s):
        while not condition():  # noqa: ASYNC110 - a condition on another process's state, which no event signals
            await anyio.sleep(POLL_EVERY_S)
        return
    why = detail()
    raise TimeoutError(f"the bench's bot was not {what} within {timeout_s:.0f} s" + (f": {why}" if why else ""))
