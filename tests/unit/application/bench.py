"""A bench for application tests: the simulator's in-process face behind a FlakyGateway, stores, projector, helpers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.memory.clock import ManualClock, SequentialIds
from adapters.memory.command_store import InMemoryCommandStore
from adapters.memory.config_store import InMemoryConfigStore
from adapters.memory.event_store import InMemoryEventStore
from adapters.memory.projection_store import InMemoryProjectionStore
from adapters.simulator.engine.engine import MatchingEngine
from adapters.simulator.inprocess import SimulatedExchangeGateway
from application.commands.effects import Effects
from application.event_writer import EventWriter
from application.executor import Executor
from application.orchestrator import MarketSource, Orchestrator, OrchestratorSettings
from application.projector import Projector
from application.reconciler import Reconciler
from domain.commands import USER_PRIORITY, Actor, ActorKind, Command, CommandPayload, CommandRecord
from domain.events import BalanceChanged, EventPayload, PositionChanged, new_event
from domain.reports import Kline
from domain.risk import RiskLimits
from domain.strategy import Strategy
from domain.values import Mode, Scope, Source
from ports.command_store import CommandStore
from ports.config_store import ConfigStore
from ports.event_store import EventQuery, EventStore
from tests.harness.flaky_gateway import FlakyGateway

SYMBOL = "XRPUSDT"
SCOPE = Scope("BINANCE", "FUTURES", "main", SYMBOL, Mode.SIM)
START = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
FIVE_MINUTES = timedelta(minutes=5)
LIMITS = RiskLimits(max_risk_per_trade=Decimal("0.02"), daily_loss_limit=Decimal("0.05"))
USER = Actor(ActorKind.USER, "admin")


def known_sections(sections: Mapping[str, Any], key: str, value: Any) -> tuple[str, Any]:
    """A config validator for tests: objects under a few known keys; anything else names the problem."""
    if key not in ("risk", "strategy"):
        raise ValueError(f"unknown config key {key!r}; expected risk or strategy")
    if not isinstance(value, dict):
        raise ValueError(f"{key} must be an object")
    return key, value


@dataclass
class KlineTape:
    """Closed 5m klines with the given closes, ending at the clock's current kline, which is left open."""

    clock: ManualClock
    closes: list[Decimal] = field(default_factory=list)

    def set(self, *closes: str) -> None:
        self.closes = [Decimal(close) for close in closes]

    def __call__(self, symbol: str, interval: str, limit: int) -> list[Kline]:
        current = _floor(self.clock.now())
        closed = [self._kline(current - FIVE_MINUTES * (len(self.closes) - i), close, True)
                  for i, close in enumerate(self.closes)]
        last = self.closes[-1] if self.closes else Decimal("0.5")
        return [*closed, self._kline(current, last, False)][-limit:]

    def _kline(self, opened: datetime, close: Decimal, closed: bool) -> Kline:
        return Kline(opened, opened + FIVE_MINUTES - timedelta(milliseconds=1), close, close, close, close,
                     Decimal(1000), closed)


def _floor(moment: datetime) -> datetime:
    return moment.replace(minute=moment.minute - moment.minute % 5, second=0, microsecond=0)


class Bench:
    def __init__(self, events: EventStore | None = None, commands: CommandStore | None = None,
                 config: ConfigStore | None = None, price: str = "0.5000") -> None:
        self.clock = ManualClock(START)
        self.engine = MatchingEngine(self.clock, seed=7)
        self.engine.on_price(SYMBOL, Decimal(price))
        self.tape = KlineTape(self.clock)
        self.gateway = FlakyGateway(SimulatedExchangeGateway(self.engine, self.clock, klines=self.tape))
        self.events = events or InMemoryEventStore()
        self.commands = commands or InMemoryCommandStore()
        self.config = config or InMemoryConfigStore()
        self.projector = Projector(self.events, InMemoryProjectionStore())
        self.ids = SequentialIds("id-")
        self.command_ids = SequentialIds("cmd-")

    def effects(self) -> Effects:
        return Effects(self.gateway, self.commands, self.events, self.config, self.clock, self.ids, SCOPE,
                       known_sections)

    def executor(self) -> Executor:
        return Executor(self.effects())

    def reconciler(self) -> Reconciler:
        """A reconciler of this bench's stores that reads the intents, as the bot's; a new one is a restarted one."""
        return Reconciler(self.gateway, self.events, self.projector, self.clock, self.ids, SCOPE,
                          intents=self.commands)

    def orchestrator(self, strategy: Strategy, limits: RiskLimits = LIMITS,
                     market: MarketSource | None = None) -> Orchestrator:
        settings = OrchestratorSettings(SCOPE, "5m", limits)
        writer = EventWriter(self.events, self.ids, self.clock, SCOPE)
        return Orchestrator(strategy, market or self.gateway, self.projector, self.commands, writer,
                            self.command_ids, settings)

    def price(self, price: str) -> None:
        self.engine.on_price(SYMBOL, Decimal(price))

    def submit(self, payload: CommandPayload, key: str | None = None) -> CommandRecord:
        """Insert a user command and claim it (NEW → SENT), as the loop does before running it."""
        command_id = self.ids.new_id()
        command = Command(command_id, key or f"user:{command_id}", USER_PRIORITY, USER, SCOPE, self.clock.now(),
                          command_id, payload)
        self.commands.insert(command, self.clock.now())
        claimed = self.commands.claim_next(self.clock.now())
        assert claimed is not None and claimed.command.command_id == command_id
        return claimed

    async def execute(self, payload: CommandPayload) -> CommandRecord:
        return await self.executor().run(self.submit(payload))

    def record(self, *payloads: EventPayload) -> None:
        """Append facts as if the stream or the reconciler had seen them."""
        events = [new_event(payload, event_id=self.ids.new_id(), ts=self.clock.now(), scope=SCOPE, source=Source.WS)
                  for payload in payloads]
        self.events.append(events)

    def wallet(self, amount: str) -> None:
        self.record(BalanceChanged("USDT", Decimal(amount), Decimal(amount), "seed", self.clock.now()))

    def position(self, quantity: str, entry: str) -> None:
        self.record(PositionChanged(Decimal(quantity), Decimal(entry), "seed", self.clock.now()))

    def payloads(self, kind: type) -> list[Any]:
        """Every stored payload of this type, oldest first."""
        stored = self.events.query(EventQuery(types=(kind.TYPE,), limit=10_000))
        return [item.event.payload for item in reversed(stored)]

    def exchange_orders(self) -> list[Any]:
        return list(self.engine.oracle.orders)

    def exchange_algos(self) -> list[Any]:
        return list(self.engine.oracle.algo_orders)
