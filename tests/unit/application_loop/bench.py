"""A simulated exchange at XRPUSDT 0.5000 and in-memory stores, and the bot as its container builds it over them.

`rig` gives a bot its test stand-ins (a recording executor, a scripted orchestrator, a quiet stream, a holder name)
by overriding the container's providers; everything else — stores, clock, scope, writer, schedule, inbox, board —
is wired by the container, as in the bot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import anyio
from dependency_injector import containers, providers

from adapters.memory.clock import ManualClock, SequentialIds
from adapters.memory.health import InMemoryHealthStore
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.inprocess import SimulatedUserDataStream
from adapters.simulator.market.clock import SimulatedClock
from adapters.simulator.simulation import Simulation
from application.boot import Boot, BootOutcome
from application.health_board import HealthBoard
from application.lease_takeover import Takeover
from application.loop import ConfigListener, LoopTiming, MainLoop, RateLimitReading
from application.market_view import MarketView
from application.projector import Projector
from application.reconciler import Reconciler, ReconcileSchedule
from application.stream_inbox import StreamInbox
from domain.client_order_ids import client_order_id_for
from domain.events import Event
from domain.order_request import OrderRequest
from domain.reports import PositionReport
from domain.values import Mode, OrderType, Scope, Side, TimeInForce
from entrypoints.containers.bot import BotContainer
from ports.command_store import CommandStore
from ports.config_store import ConfigStore
from ports.errors import ExchangeRejected
from ports.event_store import EventStore
from ports.exchange import ExchangeGateway, UserDataStream
from ports.health import BotHealth
from ports.lease import LeaseStore
from ports.maintenance import StorageMaintenance
from tests.harness.flaky_gateway import FlakyGateway
from tests.harness.kline_tape import KlineTape
from tests.harness.simulated_bot import in_memory_on, simulated_bot, wired_bot
from tests.unit.application_loop.fakes import (
    QuietStream,
    RecordingExecutor,
    ScriptedOrchestrator,
)

SYMBOL = "XRPUSDT"
# The scope of the default settings the bot seeds (trading XRPUSDT on account "main") in sim mode
SCOPE = Scope("BINANCE", "FUTURES", "main", SYMBOL, Mode.SIM)
HOLDER = "test-host/pid 4242/abcd"
# The executor's default: how long an unknown outcome waits before the trade history may prove it absent
SETTLE_AFTER = timedelta(minutes=5)


class HistoryHealthStore(InMemoryHealthStore):
    """Keeps every health written, so a test can check what the web would have seen, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.history: list[BotHealth] = []

    def write(self, health: BotHealth) -> None:
        super().write(health)
        self.history.append(health)


class Bench:
    """The bot's container over the stores, plus the engine behind its gateway for arranging exchange-side facts.

    The bench's bot is the first one `rig` starts; a later rig on the same bench is another bot process on the same
    stores and the same exchange.
    """

    def __init__(
        self, events: EventStore | None = None, *, usdt: Decimal = Decimal("10000"), wire: Simulation | None = None
    ) -> None:
        """`wire`: the bots talk Binance's REST API to this simulation's server (on its clock) instead of the
        engine's in-process face."""
        self._wire = wire
        self.clock: ManualClock | SimulatedClock = ManualClock() if wire is None else wire.clock
        self.ids = SequentialIds("evt-")
        self.engine = MatchingEngine(self.clock, seed=7, balances={"USDT": usdt}) if wire is None else wire.engine
        self.engine.on_price(SYMBOL, Decimal("0.5000"))
        # The market's candles: an open one at 0.5 until a test writes closes
        self.tape = KlineTape(self.clock)
        stores: dict[str, object] = {"health_store": HistoryHealthStore()}
        if events is not None:
            stores["event_store"] = events
        self.adapters = in_memory_on(self.clock, self.ids, **stores)
        self.bot = self.new_bot()
        self._bot_started = False
        self.gateway: ExchangeGateway = self.bot.gateway()
        # Taken before any rig puts a quiet stream in its place
        self._stream = None if wire is not None else self.bot.user_stream()
        self.events: EventStore = self.adapters.event_store()
        self.commands: CommandStore = self.adapters.command_store()
        self.config: ConfigStore = self.adapters.config_store()
        self.leases: LeaseStore = self.adapters.lease_store()
        health = self.adapters.health_store()
        assert isinstance(health, HistoryHealthStore)
        self.health = health
        self.projector: Projector = self.bot.projector()

    @property
    def stream(self) -> SimulatedUserDataStream:
        """The in-process face's user-data stream of the bench's bot: what the simulator pushed for it."""
        assert isinstance(self._stream, SimulatedUserDataStream), "a bench on the wire has no in-process stream"
        return self._stream

    def new_bot(self, adapters: containers.DeclarativeContainer | None = None) -> BotContainer:
        """A bot over `adapters` (the bench's unless given) trading on the bench's engine."""
        if self._wire is not None:
            return wired_bot(adapters or self.adapters, self._wire)
        return simulated_bot(adapters or self.adapters, self.engine, klines=self.tape)

    def next_bot(self) -> BotContainer:
        """The bench's own bot the first time, then a new bot process on the same stores."""
        if self._bot_started:
            return self.new_bot()
        self._bot_started = True
        return self.bot

    def reconciler(self, gateway: ExchangeGateway | None = None, **options: object) -> Reconciler:
        """A new reconciler of the bench's bot (a restarted one), reading `gateway` instead of the bot's if given."""
        with self.bot.gateway.override(providers.Object(gateway or self.gateway)), self.bot.reconciler.reset():
            return self.bot.reconciler(**options)

    def stored(self, type_name: str) -> list[Event]:
        return [stored.event for stored in self.events.read_after(0, 100_000) if stored.event.type == type_name]


def make_bench(events: EventStore | None = None, *, usdt: Decimal = Decimal("10000")) -> Bench:
    return Bench(events, usdt=usdt)


class UnreachableGateway(FlakyGateway):
    """The simulator, except that the position read is refused (a banned IP) while `down` is set."""

    down = True

    async def position(self, symbol: str) -> PositionReport:
        if self.down:
            raise ExchangeRejected(-1003, "Way too many requests; IP banned")
        return await super().position(symbol)


def market(side: Side, qty: str, command: str = "c1") -> OrderRequest:
    return OrderRequest(SYMBOL, client_order_id_for(command), side, OrderType.MARKET, Decimal(qty))


def limit(side: Side, qty: str, price: str, command: str = "l1") -> OrderRequest:
    return OrderRequest(
        SYMBOL,
        client_order_id_for(command),
        side,
        OrderType.LIMIT,
        Decimal(qty),
        price=Decimal(price),
        time_in_force=TimeInForce.GTC,
    )


def seconds(value: float) -> timedelta:
    return timedelta(seconds=value)


@dataclass
class Rig:
    """A bot built by its container over a bench, with the stand-ins `rig` put in; its parts are the container's."""

    bench: Bench
    bot: BotContainer
    executor: RecordingExecutor
    orchestrator: ScriptedOrchestrator

    @property
    def schedule(self) -> ReconcileSchedule:
        return self.bot.schedule()

    @property
    def inbox(self) -> StreamInbox:
        return self.bot.core().inbox

    @property
    def board(self) -> HealthBoard:
        return self.bot.board()

    @property
    def boot(self) -> Boot:
        return self.bot.boot()

    @property
    def loop(self) -> MainLoop:
        return self.bot.loop()

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


def rig(
    bench: Bench,
    *,
    gateway: ExchangeGateway | None = None,
    timing: LoopTiming | None = None,
    holder: str = HOLDER,
    stream: UserDataStream | None = None,
    on_config: ConfigListener | None = None,
    maintenance: StorageMaintenance | None = None,
    rate_limits: RateLimitReading | None = None,
    market: MarketView | None = None,
    takeover: Takeover | None = None,
    adapters: containers.DeclarativeContainer | None = None,
) -> Rig:
    """The bench's bot (or, given `adapters`, a bot over those stores) with these stand-ins in its container.

    Its reconcile poll is the default settings' 30 s. Without `takeover` a held lease is waited out: the bot's own
    takeover asks this machine's process table about the holder.
    """
    bot = bench.next_bot() if adapters is None else bench.new_bot(adapters)
    executor = RecordingExecutor(bot.adapters.command_store(), bench.clock.now)
    orchestrator = ScriptedOrchestrator(bot.adapters.command_store(), SCOPE)
    stand_ins: dict[providers.Provider, object] = {
        bot.executor: executor,
        bot.orchestrator: orchestrator,
        bot.user_stream: stream or QuietStream(),
        bot.holder: holder,
        bot.takeover: takeover,
        bot.gateway: gateway,
        bot.timing: timing,
        bot.live_config: on_config,
        bot.adapters.storage_maintenance: maintenance,
        bot.exchange.rate_limits: rate_limits,
        bot.market_view: market,
    }
    for provider, stand_in in stand_ins.items():
        if stand_in is not None or provider is bot.takeover:
            provider.override(providers.Object(stand_in))
    return Rig(bench, bot, executor, orchestrator)
