"""A simulated exchange at XRPUSDT 0.5000 and in-memory stores, wired the way the bot wires them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import anyio

from adapters.memory.clock import ManualClock, SequentialIds
from adapters.memory.command_store import InMemoryCommandStore
from adapters.memory.config_store import InMemoryConfigStore
from adapters.memory.event_store import InMemoryEventStore
from adapters.memory.health import InMemoryHealthStore
from adapters.memory.lease import InMemoryLeaseStore
from adapters.memory.projection_store import InMemoryProjectionStore
from adapters.simulator.engine.engine import MatchingEngine
from adapters.simulator.inprocess import SimulatedExchangeGateway, SimulatedUserDataStream
from application.boot import Boot, BootOutcome
from application.bot_core import BotCore, Storage
from application.health_board import HealthBoard
from application.loop import ConfigListener, LoopTiming, MainLoop
from application.projector import Projector
from application.reconciler import Reconciler, ReconcileSchedule
from application.stream_inbox import StreamInbox
from application.unresolved import UnresolvedOrders
from domain.client_order_ids import client_order_id_for
from domain.events import Event
from domain.order_request import OrderRequest
from domain.reports import PositionReport
from domain.values import Mode, OrderType, Scope, Side, TimeInForce
from ports.errors import ExchangeRejected
from ports.exchange import ExchangeGateway, UserDataStream
from ports.health import BotHealth
from ports.maintenance import StorageMaintenance
from tests.unit.application_loop.fakes import QuietStream, RecordingExecutor, ScriptedOrchestrator

SYMBOL = "XRPUSDT"
SCOPE = Scope("BINANCE", "FUTURES", "main", SYMBOL, Mode.SIM)
HOLDER = "test-host/pid 4242/abcd"
# The executor's default: how long an unknown outcome waits before the trade history may prove it absent
SETTLE_AFTER = timedelta(minutes=5)


@dataclass
class Bench:
    """Everything a bot service needs, plus the engine behind the gateway for arranging exchange-side facts."""

    clock: ManualClock
    ids: SequentialIds
    engine: MatchingEngine
    gateway: SimulatedExchangeGateway
    stream: SimulatedUserDataStream
    events: InMemoryEventStore
    commands: InMemoryCommandStore
    config: InMemoryConfigStore
    projections: InMemoryProjectionStore
    leases: InMemoryLeaseStore
    health: HistoryHealthStore
    projector: Projector

    def reconciler(self, gateway: ExchangeGateway | None = None, **options: object) -> Reconciler:
        gateway = gateway or self.gateway
        return Reconciler(gateway, self.events, self.projector, self.clock, self.ids, SCOPE, **options)

    def stored(self, type_name: str) -> list[Event]:
        return [stored.event for stored in self.events.read_after(0, 100_000) if stored.event.type == type_name]


class HistoryHealthStore(InMemoryHealthStore):
    """Keeps every health written, so a test can check what the web would have seen, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.history: list[BotHealth] = []

    def write(self, health: BotHealth) -> None:
        super().write(health)
        self.history.append(health)


def make_bench(events: InMemoryEventStore | None = None, *, usdt: Decimal = Decimal("10000")) -> Bench:
    clock = ManualClock()
    engine = MatchingEngine(clock, seed=7, balances={"USDT": usdt})
    engine.on_price(SYMBOL, Decimal("0.5000"))
    events, projections = events or InMemoryEventStore(), InMemoryProjectionStore()
    return Bench(
        clock=clock, ids=SequentialIds("evt-"), engine=engine, gateway=SimulatedExchangeGateway(engine, clock),
        stream=SimulatedUserDataStream(engine, SYMBOL), events=events, commands=InMemoryCommandStore(),
        config=InMemoryConfigStore(), projections=projections, leases=InMemoryLeaseStore(),
        health=HistoryHealthStore(), projector=Projector(events, projections),
    )


class UnreachableGateway(SimulatedExchangeGateway):
    """The simulator, except that the position read is refused (a banned IP) while `down` is set."""

    down = True

    async def position(self, symbol: str) -> PositionReport:
        if self.down:
            raise ExchangeRejected(-1003, "Way too many requests; IP banned")
        return await super().position(symbol)


def market(side: Side, qty: str, command: str = "c1") -> OrderRequest:
    return OrderRequest(SYMBOL, client_order_id_for(command), side, OrderType.MARKET, Decimal(qty))


def limit(side: Side, qty: str, price: str, command: str = "l1") -> OrderRequest:
    return OrderRequest(SYMBOL, client_order_id_for(command), side, OrderType.LIMIT, Decimal(qty),
                        price=Decimal(price), time_in_force=TimeInForce.GTC)


def seconds(value: float) -> timedelta:
    return timedelta(seconds=value)


@dataclass
class Rig:
    """The bot's services over a bench: boot and loop share the schedule, inbox and health board, as in the bot."""

    bench: Bench
    executor: RecordingExecutor
    orchestrator: ScriptedOrchestrator
    schedule: ReconcileSchedule
    inbox: StreamInbox
    board: HealthBoard
    boot: Boot
    loop: MainLoop

    async def boot_now(self) -> BootOutcome:
        """Take the lease and boot over a quiet stream; tests move the simulator's stream into the inbox themselves."""
        self.boot.take_lease()
        async with anyio.create_task_group() as group:
            outcome = await self.boot.run(group)
            group.cancel_scope.cancel()
        return outcome

    async def forward_stream(self) -> None:
        """Move what the simulator streamed so far into the inbox, as the stream reader task would."""
        self.bench.stream.close()
        async for message in self.bench.stream.messages():
            self.inbox.put(message)


def rig(bench: Bench, *, gateway: ExchangeGateway | None = None, poll_s: float = 30,
        timing: LoopTiming = LoopTiming(), holder: str = HOLDER, stream: UserDataStream | None = None,
        on_config: ConfigListener | None = None, maintenance: StorageMaintenance | None = None) -> Rig:
    storage = Storage(bench.events, bench.commands, bench.config, bench.leases, bench.health)
    executor = RecordingExecutor(bench.commands, bench.clock.now)
    orchestrator = ScriptedOrchestrator(bench.commands, SCOPE)
    schedule = ReconcileSchedule(seconds(poll_s))
    inbox, board = StreamInbox(bench.clock), HealthBoard(bench.health, bench.clock, holder)
    reconciler = bench.reconciler(gateway)
    core = BotCore(storage, bench.projector, reconciler, schedule, inbox, board, bench.clock)
    boot = Boot(core, executor, stream or QuietStream())
    loop = MainLoop(core, executor, orchestrator, ids=bench.ids, scope=SCOPE, timing=timing, on_config=on_config,
                    maintenance=maintenance, unresolved=UnresolvedOrders(bench.commands, schedule, SETTLE_AFTER))
    return Rig(bench, executor, orchestrator, schedule, inbox, board, boot, loop)
