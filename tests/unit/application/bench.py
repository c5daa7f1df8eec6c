"""A bench for application tests: the bot's container over in-memory stores and the simulator in-process, its
gateway behind a FlakyGateway, and helpers to submit commands and seed facts.

Every part (effects, executor, reconciler, orchestrator) is the container's; the bench only picks the stand-ins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from dependency_injector import providers

from adapters.memory.clock import ManualClock, SequentialIds
from adapters.simulator.exchange.engine import MatchingEngine
from application.commands.effects import Effects
from application.executor import Executor
from application.orchestrator import MarketSource, Orchestrator
from application.reconciler import Reconciler
from config.settings import RiskSettings
from domain.commands import USER_PRIORITY, Actor, ActorKind, Command, CommandPayload, CommandRecord
from domain.events import BalanceChanged, EventPayload, PositionChanged
from domain.risk import RiskLimits
from domain.strategy import Strategy
from domain.values import Mode, Scope, Source
from ports.command_store import CommandStore
from ports.config_store import ConfigStore
from ports.event_store import EventQuery, EventStore
from tests.harness.flaky_gateway import FlakyGateway
from tests.harness.kline_tape import FIVE_MINUTES, KlineTape
from tests.harness.simulated_bot import in_memory_on, simulated_bot, wrap_gateway

__all__ = ["FIVE_MINUTES", "LIMITS", "SCOPE", "START", "SYMBOL", "USER", "Bench", "known_sections"]

SYMBOL = "XRPUSDT"
# The scope of the default settings the bot seeds (trading XRPUSDT on account "main") in sim mode
SCOPE = Scope("BINANCE", "FUTURES", "main", SYMBOL, Mode.SIM)
START = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
# The default risk settings
LIMITS = RiskLimits(max_risk_per_trade=Decimal("0.02"), daily_loss_limit=Decimal("0.05"))
USER = Actor(ActorKind.USER, "admin")


def known_sections(sections: Mapping[str, Any], key: str, value: Any) -> tuple[str, Any]:
    """A config validator for tests: objects under a few known keys; anything else names the problem."""
    # Kept for tests/binance/faults/rig.py until that rig is built through the container too
    if key not in ("risk", "strategy"):
        raise ValueError(f"unknown config key {key!r}; expected risk or strategy")
    if not isinstance(value, dict):
        raise ValueError(f"{key} must be an object")
    return key, value


class Bench:
    """The bot, booted on its stored default settings at START, over these stores (in-memory unless given)."""

    def __init__(
        self,
        events: EventStore | None = None,
        commands: CommandStore | None = None,
        config: ConfigStore | None = None,
        price: str = "0.5000",
        *,
        restarting: Bench | None = None,
        spot: str = "0",
    ) -> None:
        if restarting is None:
            self.clock, self.ids = ManualClock(START), SequentialIds("id-")
            self.engine = MatchingEngine(self.clock, seed=7, spot_balances={"USDT": Decimal(spot)})
            self.engine.on_price(SYMBOL, Decimal(price))
            self.tape = KlineTape(self.clock)
        else:
            self.clock, self.ids, self.engine, self.tape = (
                restarting.clock,
                restarting.ids,
                restarting.engine,
                restarting.tape,
            )
        given = {"event_store": events, "command_store": commands, "config_store": config}
        stores = {name: store for name, store in given.items() if store is not None}
        adapters = in_memory_on(self.clock, self.ids, **stores)
        self.bot = simulated_bot(adapters, self.engine, klines=self.tape)
        self.gateway = wrap_gateway(self.bot, FlakyGateway)
        self.events: EventStore = adapters.event_store()
        self.commands: CommandStore = adapters.command_store()
        self.config: ConfigStore = adapters.config_store()
        # Seeds the default of every section not stored yet, as the bot does when it starts
        self.settings = self.bot.settings()
        self.projector = self.bot.projector()
        self._strategy: Strategy | None = None
        self.bot.strategy_builder.override(providers.Object(self._chosen_strategy))

    def restarted(self, events: EventStore, commands: CommandStore, config: ConfigStore) -> Bench:
        """The bot started again over these stores: the same exchange and clock, a new process."""
        return Bench(events, commands, config, restarting=self)

    def effects(self) -> Effects:
        return self.bot.effects()

    def executor(self) -> Executor:
        return self.bot.executor()

    def reconciler(self) -> Reconciler:
        """A new reconciler of the bot, reading the intents as the bot's does: a new one is a restarted one."""
        with self.bot.reconciler.reset():
            return self.bot.reconciler()

    def orchestrator(
        self, strategy: Strategy, limits: RiskLimits = LIMITS, market: MarketSource | None = None
    ) -> Orchestrator:
        """A new orchestrator for `strategy`, built as the bot builds one on a strategy or risk change.

        `market` stands in for the bot's market view (which reads the gateway) for this orchestrator only.
        """
        self._strategy = strategy
        settings = replace(self.settings, risk=RiskSettings(limits.max_risk_per_trade, limits.daily_loss_limit))
        if market is None:
            return self.bot.build_orchestrator()(settings)
        with self.bot.market_view.override(providers.Object(market)), self.bot.build_orchestrator.reset():
            return self.bot.build_orchestrator()(settings)

    def _chosen_strategy(self, name: str, params: Mapping[str, Any]) -> Strategy:
        assert self._strategy is not None, "the bench builds an orchestrator only for a strategy it was given"
        return self._strategy

    def price(self, price: str) -> None:
        self.engine.on_price(SYMBOL, Decimal(price))

    def submit(self, payload: CommandPayload, key: str | None = None) -> CommandRecord:
        """Insert a user command and claim it (NEW → SENT), as the loop does before running it."""
        command_id = self.ids.new_id()
        command = Command(
            command_id, key or f"user:{command_id}", USER_PRIORITY, USER, SCOPE, self.clock.now(), command_id, payload
        )
        self.commands.insert(command, self.clock.now())
        claimed = self.commands.claim_next(self.clock.now())
        assert claimed is not None and claimed.command.command_id == command_id
        return claimed

    async def execute(self, payload: CommandPayload) -> CommandRecord:
        return await self.executor().run(self.submit(payload))

    def record(self, *payloads: EventPayload) -> None:
        """Append facts as if the stream or the reconciler had seen them."""
        self.bot.writer().append(payloads, Source.WS)

    def wallet(self, amount: str) -> None:
        self.record(BalanceChanged("USDT", Decimal(amount), Decimal(amount), "seed", self.clock.now()))

    def position(self, quantity: str, entry: str) -> None:
        self.record(PositionChanged(Decimal(quantity), Decimal(entry), "seed", self.clock.now()))

    def payloads(self, kind: type[EventPayload]) -> list[Any]:
        """Every stored payload of this type, oldest first."""
        stored = self.events.query(EventQuery(types=(kind.TYPE,), limit=10_000))
        return [item.event.payload for item in reversed(stored)]

    def exchange_orders(self) -> list[Any]:
        return list(self.engine.oracle.orders)

    def exchange_algos(self) -> list[Any]:
        return list(self.engine.oracle.algo_orders)
