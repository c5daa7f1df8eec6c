"""One simulated exchange that outlives the bot, and bot incarnations built by the bot's container over one SQLite file.

Each incarnation is `build_bot_container` over `sqlite_adapters(database)` and the in-process exchange set on the
shared engine; the rig overrides only what a test steers: the clock (the engine's), the ids, the failpoints and the
stream (a tap the test empties into the inbox step by step).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import anyio
import apsw
from dependency_injector import providers

from adapters.memory.clock import ManualClock, SequentialIds
from adapters.memory.failpoints import NoFailpoints
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.events import UserDataEvent
from adapters.simulator.inprocess.stream import translate
from adapters.sqlite.connection import open_database
from application.boot import DEFAULT_LEASE_TTL, BootOutcome
from application.loop import CycleReport
from config.secrets import Secrets, load_secrets
from domain.commands import USER_PRIORITY, Actor, ActorKind, Command, CommandPayload
from domain.reports import Kline
from entrypoints.containers.adapters import sqlite_adapters
from entrypoints.containers.bot import build_bot_container
from entrypoints.containers.exchanges import SimulatedExchange
from ports.exchange import ExchangeGateway, UserDataMessage, UserDataStream
from ports.failpoints import Failpoints

# The symbol of the default settings, which every incarnation seeds into the file and trades
SYMBOL = "XRPUSDT"
START = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
USER = Actor(ActorKind.USER, "admin")


def no_candles(symbol: str, interval: str, limit: int) -> list[Kline]:
    """The exchange's kline history: empty, so the bot's strategy never has a closed kline to decide on."""
    return []


def sim_secrets(folder: Path) -> Secrets:
    """Sim mode, read from a secrets file in `folder` as the bot reads its own."""
    path = folder / "secrets.yaml"
    path.write_text("mode: sim\n", encoding="utf-8")
    return load_secrets(path, env={})


class Arming(Failpoints):
    """Passes every hit to `target`, which stays NoFailpoints until the test arms it (boot runs unarmed)."""

    def __init__(self) -> None:
        self.target: Failpoints = NoFailpoints()

    def hit(self, name: str) -> None:
        self.target.hit(name)


class Silent(UserDataStream):
    """Boot's stream reader gets nothing: the tap below moves the simulator's stream into the inbox, step by step."""

    async def messages(self) -> AsyncIterator[UserDataMessage]:
        await anyio.sleep_forever()
        yield  # pragma: no cover - makes this an async generator


@dataclass
class Tap:
    """The user-data stream as one bot incarnation hears it: what the engine emits while subscribed, in order."""

    engine: MatchingEngine
    pending: list[UserDataMessage] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._unsubscribe = self.engine.subscribe(self._on_event)

    def _on_event(self, event: UserDataEvent) -> None:
        self.pending.extend(translate(event, SYMBOL, self.engine.spec))

    def take(self, count: int | None = None) -> list[UserDataMessage]:
        count = len(self.pending) if count is None else count
        taken, self.pending = self.pending[:count], self.pending[count:]
        return taken

    def close(self) -> None:
        self._unsubscribe()


class Exchange:
    """The simulator's matching engine on a manual clock: it survives every crash of the bot."""

    def __init__(self) -> None:
        self.clock = ManualClock(START)
        self.engine = MatchingEngine(self.clock, seed=7)
        self.engine.on_price(SYMBOL, Decimal("0.5000"))
        # None: each incarnation's exchange set builds its in-process gateway; a test may put a wrapper of one here
        self.gateway: ExchangeGateway | None = None

    def exchange_set(self) -> SimulatedExchange:
        """What one incarnation plugs into its container: the in-process set on this engine."""
        plugged = SimulatedExchange(engine=providers.Object(self.engine), klines=providers.Object(no_candles))
        if self.gateway is not None:
            plugged.gateway.override(providers.Object(self.gateway))
        return plugged


class Bot:
    """One incarnation of the bot, built by its container; nothing in it survives a crash but the file."""

    def __init__(self, exchange: Exchange, database: Path, incarnation: int) -> None:
        self.exchange, self.clock = exchange, exchange.clock
        self.failpoints = Arming()
        self.tap = Tap(exchange.engine)
        self.adapters = sqlite_adapters(database)
        self.adapters.clock.override(providers.Object(exchange.clock))
        self.adapters.ids.override(providers.Object(SequentialIds(f"run{incarnation}-")))
        self.container = build_bot_container(
            sim_secrets(database.parent), self.adapters, exchange=exchange.exchange_set()
        )
        self.container.failpoints.override(providers.Object(self.failpoints))
        self.container.user_stream.override(providers.Object(Silent()))
        self.events, self.commands = self.adapters.event_store(), self.adapters.command_store()
        self.projections, self.health = self.adapters.projection_store(), self.adapters.health_store()
        self.projector, self.scope = self.container.projector(), self.container.scope()
        self.inbox = self.container.core().inbox
        self.boot, self.loop = self.container.boot(), self.container.loop()

    @property
    def connection(self) -> apsw.Connection:
        """The incarnation's one SQLite connection, which its stores share."""
        [resource] = list(self.adapters.traverse(types=[providers.Resource]))
        connection: apsw.Connection = resource()
        return connection

    async def start(self) -> BootOutcome:
        self.boot.take_lease()
        async with anyio.create_task_group() as group:
            outcome = await self.boot.run(group)
            group.cancel_scope.cancel()
        return outcome

    def submit(self, command_id: str, payload: CommandPayload) -> None:
        """What the web does: insert a user command for the loop to claim."""
        now = self.clock.now()
        self.commands.insert(
            Command(command_id, f"web:{command_id}", USER_PRIORITY, USER, self.scope, now, command_id, payload), now
        )

    def hear(self, count: int | None = None) -> None:
        """Deliver the next `count` stream messages (all by default) to the loop's inbox."""
        for message in self.tap.take(count):
            self.inbox.put(message)

    async def cycle(self) -> CycleReport:
        self.clock.advance(timedelta(milliseconds=100))
        self.hear()
        return await self.loop.run_once()

    async def run_until_idle(self, limit: int = 50) -> None:
        for _ in range(limit):
            report = await self.cycle()
            if not report.busy and not self.tap.pending:
                return
        raise AssertionError(f"the bot was still busy after {limit} cycles")

    def die(self) -> None:
        """What SIGKILL leaves: the file as last committed; the stream subscription and all memory are gone."""
        self.tap.close()
        self.adapters.shutdown_resources()


def restart_after_crash(exchange: Exchange, database: Path, incarnation: int) -> Bot:
    """A new process on the same file; it starts once the dead one's lease has expired, as a supervisor would."""
    exchange.clock.advance(DEFAULT_LEASE_TTL + timedelta(seconds=1))
    return Bot(exchange, database, incarnation)


def stored_connection(database: Path) -> apsw.Connection:
    return open_database(database, migrate=False)
