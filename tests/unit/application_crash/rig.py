"""One simulated exchange that outlives the bot, and bot incarnations built from scratch over one SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import anyio
import apsw

from adapters.memory.clock import ManualClock, SequentialIds
from adapters.memory.failpoints import NoFailpoints
from adapters.simulator.engine.engine import MatchingEngine
from adapters.simulator.engine.events import UserDataEvent
from adapters.simulator.inprocess import SimulatedExchangeGateway
from adapters.simulator.inprocess.stream import translate
from adapters.sqlite.command_store import SqliteCommandStore
from adapters.sqlite.config_store import SqliteConfigStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.health import SqliteHealthStore
from adapters.sqlite.lease import SqliteLeaseStore
from adapters.sqlite.projection_store import SqliteProjectionStore
from application.boot import DEFAULT_LEASE_TTL, Boot, BootOutcome
from application.bot_core import BotCore, Storage
from application.commands.effects import Effects
from application.executor import Executor
from application.health_board import HealthBoard
from application.loop import CycleReport, MainLoop
from application.projector import Projector
from application.reconciler import Reconciler, ReconcileSchedule
from application.stream_inbox import StreamInbox
from domain.commands import USER_PRIORITY, Actor, ActorKind, Command, CommandPayload
from domain.values import Mode, Scope
from ports.exchange import UserDataMessage, UserDataStream
from ports.failpoints import Failpoints

SYMBOL = "XRPUSDT"
SCOPE = Scope("BINANCE", "FUTURES", "main", SYMBOL, Mode.SIM)
START = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
USER = Actor(ActorKind.USER, "admin")


def no_config(sections: Any, key: str, value: Any) -> tuple[str, Any]:
    raise ValueError(f"config key {key!r} is not used by the crash tests")


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
    """The simulator's in-process face on a manual clock: it survives every crash of the bot."""

    def __init__(self) -> None:
        self.clock = ManualClock(START)
        self.engine = MatchingEngine(self.clock, seed=7)
        self.engine.on_price(SYMBOL, Decimal("0.5000"))
        self.gateway = SimulatedExchangeGateway(self.engine, self.clock)


class Bot:
    """One incarnation of the bot, wired as the bot wires itself; nothing in it survives a crash but the file."""

    def __init__(self, exchange: Exchange, database: Path, incarnation: int) -> None:
        self.exchange, self.clock = exchange, exchange.clock
        self.connection = open_database(database)
        self.failpoints = Arming()
        self.tap = Tap(exchange.engine)
        self.events, self.commands = SqliteEventStore(self.connection), SqliteCommandStore(self.connection)
        self.projections = SqliteProjectionStore(self.connection)
        self.health = SqliteHealthStore(self.connection)
        ids = SequentialIds(f"run{incarnation}-")
        self.projector = Projector(self.events, self.projections, failpoints=self.failpoints)
        storage = Storage(self.events, self.commands, SqliteConfigStore(self.connection),
                          SqliteLeaseStore(self.connection), self.health)
        effects = Effects(exchange.gateway, self.commands, self.events, storage.config, self.clock, ids, SCOPE,
                          no_config, failpoints=self.failpoints)
        executor = Executor(effects)
        reconciler = Reconciler(exchange.gateway, self.events, self.projector, self.clock, ids, SCOPE,
                                intents=self.commands)
        self.inbox = StreamInbox(self.clock)
        board = HealthBoard(self.health, self.clock, f"test-host/pid {incarnation}/run{incarnation}")
        core = BotCore(storage, self.projector, reconciler, ReconcileSchedule(timedelta(seconds=30)), self.inbox,
                       board, self.clock)
        self.boot = Boot(core, executor, Silent())
        self.loop = MainLoop(core, executor, None, ids=ids, scope=SCOPE, failpoints=self.failpoints)

    async def start(self) -> BootOutcome:
        self.boot.take_lease()
        async with anyio.create_task_group() as group:
            outcome = await self.boot.run(group)
            group.cancel_scope.cancel()
        return outcome

    def submit(self, command_id: str, payload: CommandPayload) -> None:
        """What the web does: insert a user command for the loop to claim."""
        now = self.clock.now()
        self.commands.insert(Command(command_id, f"web:{command_id}", USER_PRIORITY, USER, SCOPE, now, command_id,
                                     payload), now)

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
        self.connection.close()


def restart_after_crash(exchange: Exchange, database: Path, incarnation: int) -> Bot:
    """A new process on the same file; it starts once the dead one's lease has expired, as a supervisor would."""
    exchange.clock.advance(DEFAULT_LEASE_TTL + timedelta(seconds=1))
    return Bot(exchange, database, incarnation)


def stored_connection(database: Path) -> apsw.Connection:
    return open_database(database, migrate=False)
