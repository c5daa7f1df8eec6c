"""Try a strategy inside the real bot, in memory: the public test harness a strategy author's tests import.

`StrategyHarness` builds the bot through its own container (`build_bot_container`) over the in-memory stores and the
simulator's matching engine in this process, selects the strategy in the runtime settings (validated by its parameter
schema, as `config set` would), and plays closed klines the test writes. After each kline the bot runs one main-loop
cycle: the strategy decides the kline once, the risk guard judges the entry, the executor places it with its
protective stop through the algo-order path, and a REST reconciliation reads the fills back. No network, no keys, no
database file; a test is synchronous and takes milliseconds.

    from decimal import Decimal
    from entrypoints.strategy_harness import StrategyHarness

    def test_a_breakout_enters_long_with_its_stop() -> None:
        harness = StrategyHarness(MyStrategy, {"lookback": 3})
        harness.history("0.5000", "0.5000", "0.5000")
        step = harness.close("0.5200")
        assert [order.side for order in step.entries] == ["BUY"]
        assert step.stops[0].stop_price < Decimal("0.5200")
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import anyio
from dependency_injector import providers

from adapters.memory.clock import ManualClock, SequentialIds
from adapters.simulator.exchange.engine import MatchingEngine
from application.loop import CycleReport
from config.secrets import load_secrets
from domain.commands import CommandStatus
from domain.decisions import DECISION_KEY_PREFIX
from domain.events import RiskGuardRejected
from domain.reports import Kline
from domain.strategy import Strategy
from domain.values import ZERO
from entrypoints.containers.adapters import in_memory_adapters
from entrypoints.containers.bot import BotContainer, build_bot_container
from entrypoints.containers.exchanges import SimulatedExchange
from entrypoints.runtime import update_setting
from entrypoints.strategy_check import check_strategy
from ports.event_store import EventQuery
from ports.exchange import UserDataMessage, UserDataStream

START = datetime(2026, 1, 5, tzinfo=UTC)
# Kline lengths the harness plays (a month has no fixed length)
TIMEFRAMES = {
    "1m": timedelta(minutes=1),
    "3m": timedelta(minutes=3),
    "5m": timedelta(minutes=5),
    "15m": timedelta(minutes=15),
    "30m": timedelta(minutes=30),
    "1h": timedelta(hours=1),
    "2h": timedelta(hours=2),
    "4h": timedelta(hours=4),
    "6h": timedelta(hours=6),
    "8h": timedelta(hours=8),
    "12h": timedelta(hours=12),
    "1d": timedelta(days=1),
    "3d": timedelta(days=3),
    "1w": timedelta(weeks=1),
}
# A kline past this many is dropped from what the market serves: the bot never reads more than 1500 at once
MAX_KLINES = 1500
_INTO_THE_KLINE = timedelta(seconds=1)


@dataclass(frozen=True)
class Bar:
    """One closed kline as a test writes it; high and low default to the larger and smaller of open and close."""

    close: Decimal | str
    high: Decimal | str | None = None
    low: Decimal | str | None = None
    open: Decimal | str | None = None
    volume: Decimal | str = "1000"


@dataclass(frozen=True)
class PlacedOrder:
    """An order of the bot as the exchange holds it: an entry or exit (`kind` "order") or a protective stop ("stop",
    an algo order, whose trigger is `stop_price`)."""

    kind: str
    side: str
    type: str
    quantity: Decimal
    price: Decimal
    stop_price: Decimal
    reduce_only: bool
    status: str


@dataclass(frozen=True)
class Step:
    """What one closed kline made the bot do."""

    report: CycleReport
    # Orders and stops the bot placed during this step, in the order the exchange took them
    orders: tuple[PlacedOrder, ...]
    # The risk guard's refusals of this step's entries (the event payloads, with their numbers)
    rejections: tuple[RiskGuardRejected, ...]
    # The strategy's commands of this step: (kind of decision, final status)
    decisions: tuple[tuple[str, CommandStatus], ...] = field(default=())

    @property
    def entries(self) -> tuple[PlacedOrder, ...]:
        return tuple(order for order in self.orders if order.kind == "order" and not order.reduce_only)

    @property
    def exits(self) -> tuple[PlacedOrder, ...]:
        return tuple(order for order in self.orders if order.kind == "order" and order.reduce_only)

    @property
    def stops(self) -> tuple[PlacedOrder, ...]:
        return tuple(order for order in self.orders if order.kind == "stop")


class HarnessError(AssertionError):
    """The bot could not run the step (a strategy that raised, a failed reconciliation): the cycle's errors."""


class StrategyHarness:
    """One strategy in the bot, over in-memory stores and the simulator's engine, on a clock the klines move.

    `strategy` is a Strategy subclass (not installed yet: the harness checks and builds it itself) or the name of an
    installed one (found through the alphaengine.strategies entry points, as the bot finds it). `params` are checked
    against its parameter schema exactly as the settings are; a refusal raises config.errors.SettingsError naming
    `strategy.params.<param>`. `risk` sets risk.* settings (e.g. {"max_risk_per_trade": "0.05"}).
    """

    def __init__(
        self,
        strategy: type[Strategy] | str,
        params: Mapping[str, Any] | None = None,
        *,
        symbol: str = "XRPUSDT",
        timeframe: str = "5m",
        balance: str = "10000",
        price: str = "0.5000",
        risk: Mapping[str, str] | None = None,
    ) -> None:
        if timeframe not in TIMEFRAMES:
            raise ValueError(f"timeframe: must be one of {', '.join(TIMEFRAMES)}, got {timeframe!r}")
        self._length = TIMEFRAMES[timeframe]
        self._bars: list[Bar] = []
        self.clock = ManualClock(START + _INTO_THE_KLINE)
        self.engine = MatchingEngine(self.clock, seed=7, balances={"USDT": Decimal(balance)})
        self.symbol = symbol
        self.engine.on_price(symbol, Decimal(price))
        self._last_price = Decimal(price)
        adapters = in_memory_adapters()
        adapters.clock.override(providers.Object(self.clock))
        adapters.ids.override(providers.Object(SequentialIds("h-")))
        exchange = SimulatedExchange(engine=providers.Object(self.engine), klines=providers.Object(self._klines))
        self.bot: BotContainer = build_bot_container(load_secrets(env={}, mode="sim"), adapters, exchange=exchange)
        # Each step is its own event loop, so no stream reader outlives it: the fills come back by REST reconciliation
        self.bot.user_stream.override(providers.Object(_SilentStream()))
        name = _install(self.bot, strategy)
        settings = {
            "trading.symbol": symbol,
            "strategy": {"name": name, "timeframe": timeframe, "params": dict(params or {})},
            **{f"risk.{key}": value for key, value in (risk or {}).items()},
        }
        for key, value in settings.items():
            update_setting(
                adapters.config_store(), self.clock, key, value, updated_by="harness", strategies=self.bot.strategies()
            )
        self._booted = False

    @property
    def strategy(self) -> Strategy:
        """The strategy as the bot built it, with its checked params."""
        return self.bot.orchestrator().current.strategy

    def history(self, *bars: Bar | str) -> None:
        """Closed klines before the ones the strategy is asked about (a close alone: a flat kline at that price)."""
        for bar in bars:
            self._append(bar)

    def close(self, bar: Bar | str) -> Step:
        """Close one more kline at `bar` (the exchange trades at its close) and run one cycle of the bot."""
        self._append(bar)
        return anyio.run(self._step)

    def play(self, *bars: Bar | str) -> list[Step]:
        """`close` each bar in turn."""
        return [self.close(bar) for bar in bars]

    @property
    def position(self) -> Decimal:
        """The signed position on the exchange (the bot's own view, after the step's reconciliation, is the same)."""
        return self.engine.oracle.position(self.symbol).amount

    @property
    def orders(self) -> tuple[PlacedOrder, ...]:
        """Every order and stop the bot placed so far, with its current status."""
        return self._placed((0, 0))

    def _append(self, bar: Bar | str) -> None:
        self._bars.append(bar if isinstance(bar, Bar) else Bar(bar))
        self._bars = self._bars[-MAX_KLINES:]
        self.clock.advance(self._length)
        self._last_price = Decimal(self._bars[-1].close)

    async def _step(self) -> Step:
        if not self._booted:
            await self._boot()
        before = (len(self.engine.oracle.orders), len(self.engine.oracle.algo_orders))
        rejected_before = len(self._rejections())
        commands_before = {record.command.command_id for record in self.bot.adapters.command_store().list()}
        self.engine.on_price(self.symbol, self._last_price)
        # The fills come back by REST reconciliation (the stream is the hint, REST the truth): ask for one now
        self.bot.schedule().request()
        report = await self.bot.loop().run_once()
        if report.errors:
            raise HarnessError("; ".join(report.errors))
        records = [
            record
            for record in reversed(self.bot.adapters.command_store().list())
            if record.command.command_id not in commands_before
            and record.command.idempotency_key.startswith(DECISION_KEY_PREFIX)
        ]
        return Step(
            report,
            self._placed(before),
            tuple(self._rejections()[rejected_before:]),
            tuple((record.command.idempotency_key.rsplit(":", 1)[-1], record.status) for record in records),
        )

    async def _boot(self) -> None:
        boot = self.bot.boot()
        boot.take_lease()
        async with anyio.create_task_group() as group:
            outcome = await boot.run(group)
            group.cancel_scope.cancel()
        if not outcome.ready:
            raise HarnessError(f"the bot did not boot: {outcome.reason}")
        self._booted = True

    def _placed(self, skip: tuple[int, int]) -> tuple[PlacedOrder, ...]:
        """The bot's orders, then its stops, after the first `skip` of each on the exchange (hand orders left out)."""
        oracle = self.engine.oracle
        orders = [
            PlacedOrder(
                "order",
                order.side.value,
                order.order_type.value,
                order.orig_qty,
                order.price,
                order.stop_price,
                order.reduce_only,
                order.status.value,
            )
            for order in oracle.orders[skip[0] :]
            # An order a triggered stop became is the stop's, listed with it
            if not order.by_hand and order.algo_id is None
        ]
        stops = [
            PlacedOrder(
                "stop",
                algo.side.value,
                algo.order_type.value,
                algo.quantity,
                ZERO,
                algo.trigger_price,
                algo.reduce_only or algo.close_position,
                algo.status.value,
            )
            for algo in oracle.algo_orders[skip[1] :]
            if not algo.by_hand
        ]
        return (*orders, *stops)

    def _rejections(self) -> list[RiskGuardRejected]:
        stored = self.bot.adapters.event_store().query(EventQuery(types=(RiskGuardRejected.TYPE,), limit=10_000))
        return [item.event.payload for item in reversed(stored) if isinstance(item.event.payload, RiskGuardRejected)]

    def _klines(self, symbol: str, interval: str, limit: int) -> list[Kline]:
        """The market the bot reads: the closed bars, then the open kline at the last close."""
        # The clock moves only by whole klines, from just inside the first one
        now_open = self.clock.now() - _INTO_THE_KLINE
        klines = [
            self._kline(now_open - self._length * (len(self._bars) - i), bar, True) for i, bar in enumerate(self._bars)
        ]
        klines.append(self._kline(now_open, Bar(self._last_price), False))
        return klines[-limit:]

    def _kline(self, opened: datetime, bar: Bar, closed: bool) -> Kline:
        close = Decimal(bar.close)
        first = close if bar.open is None else Decimal(bar.open)
        high = max(first, close) if bar.high is None else Decimal(bar.high)
        low = min(first, close) if bar.low is None else Decimal(bar.low)
        end = opened + self._length - timedelta(milliseconds=1)
        return Kline(opened, end, first, high, low, close, Decimal(bar.volume), closed)


class _SilentStream(UserDataStream):
    """A user-data stream that is connected and says nothing."""

    async def messages(self) -> AsyncGenerator[UserDataMessage, None]:
        await anyio.sleep_forever()
        nothing: tuple[UserDataMessage, ...] = ()
        # Unreachable: makes this an async generator
        for message in nothing:
            yield message


def _install(bot: BotContainer, strategy: type[Strategy] | str) -> str:
    """Make the bot build `strategy`: an installed one by name as usual, a class through its own check."""
    if isinstance(strategy, str):
        return strategy
    kind = strategy

    def check(name: str, params: Mapping[str, Any]) -> None:
        check_strategy(name, params, lookup=lambda _name: kind)

    bot.strategies.override(providers.Object(check))
    bot.strategy_builder.override(providers.Object(lambda _name, params: kind(params)))
    return kind.NAME


__all__: Sequence[str] = ("Bar", "HarnessError", "PlacedOrder", "Step", "StrategyHarness")
