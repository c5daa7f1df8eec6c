"""One trial run: the simulator replaying a klines file on its manual clock, and the bot as its container builds it
trading on it in the process, on a fresh database, kline by kline as fast as the machine goes (ADR 0093)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import anyio
from dependency_injector import providers

from adapters.simulator.inprocess.market_feed import market_klines, market_mark_price
from adapters.simulator.market.intervals import Interval
from adapters.simulator.simulation import Simulation, SimulationOptions
from adapters.strategies.registry import strategy_class
from config.secrets import load_secrets
from domain.times import epoch_ms, from_epoch_ms
from entrypoints.bot.process import boot_bot
from entrypoints.containers.adapters import InMemoryAdapters, in_memory_adapters
from entrypoints.containers.bot import BotContainer, build_bot_container
from entrypoints.containers.exchanges import SimulatedExchange
from entrypoints.runtime import update_setting
from entrypoints.strategy_check import check_strategy
from entrypoints.trial.klines_file import KlinesFile, length

DATABASE = "a fresh in-memory database"
UPDATED_BY = "trial"
# The in-process stream loses nothing, so a reconcile finds nothing: an hourly pass still checks (--set changes it)
TRIAL_SETTINGS: Mapping[str, Any] = {"engine.poll_interval_sec": 3600}
# Limits that stand for real-time budgets (the lease's ttl) are stretched so one cycle per kline never looks stalled
CYCLES_PER_TTL = 4
# Cycles at one instant after a kline's, for the frames of the orders it sent
FOLLOW_UPS = 3


class TrialFailed(RuntimeError):
    """The bot could not trade the trial (it failed closed at boot); the message says why."""


@dataclass(frozen=True)
class TrialOptions:
    """`settings`: dotted runtime-setting keys (`risk.max_risk_per_trade`) set after the strategy's own section."""

    strategy: str
    klines: KlinesFile
    folder: Path
    balance: Decimal = Decimal("10000")
    seed: int = 42
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class TrialRun:
    """What a finished run leaves: the simulation (the oracle) and the bot's stores, still open until close()."""

    simulation: Simulation
    adapters: InMemoryAdapters
    bot: BotContainer
    start: datetime
    end: datetime
    timeframe: str
    cycles: int = 0

    def close(self) -> None:
        self.adapters.shutdown_resources()


def trial_simulation(options: TrialOptions, start: datetime) -> Simulation:
    """The simulator replaying the file on its own timeline, its clock manual and at `start`."""
    simulation_options = SimulationOptions(
        seed=options.seed,
        symbol=options.klines.symbol,
        balance=options.balance,
        start=start,
        real=None,
        klines=options.klines.path,
    )
    return Simulation(simulation_options)


def warm_up(options: TrialOptions, timeframe: str) -> timedelta:
    """The klines the strategy reads before its first decision: the file's start up to them is history, not traded."""
    check_strategy(options.strategy, _params(options))
    return length(timeframe) * strategy_class(options.strategy)(_params(options)).klines_needed()


def prepare(options: TrialOptions) -> TrialRun:
    """Write the trial's settings into a fresh database and build the bot on the simulator; nothing has run yet.

    SettingsError names the refused key (`strategy.name`, `strategy.params.fast`, …), as `config set` would.
    """
    timeframe = str(options.settings.get("strategy.timeframe", options.klines.interval))
    options.klines.check_timeframe(timeframe)
    start = options.klines.start + warm_up(options, timeframe)
    options.klines.check_warm_up(start, options.strategy)
    simulation = trial_simulation(options, start)
    # A fresh in-memory store set: the contract tests hold it equal to SQLite's, without a disk commit per write
    adapters = in_memory_adapters()
    adapters.clock.override(providers.Object(simulation.clock))
    adapters.init_resources()
    clock = simulation.clock
    section = {"name": options.strategy, "timeframe": timeframe, "params": _params(options)}
    update_setting(adapters.config_store(), clock, "strategy", section, updated_by=UPDATED_BY)
    update_setting(adapters.config_store(), clock, "trading.symbol", options.klines.symbol, updated_by=UPDATED_BY)
    for key, value in {**TRIAL_SETTINGS, **options.settings}.items():
        if not key.startswith("strategy."):
            update_setting(adapters.config_store(), clock, key, value, updated_by=UPDATED_BY)
    scale = CYCLES_PER_TTL * length(timeframe).total_seconds()
    exchange = SimulatedExchange(
        engine=providers.Object(simulation.engine),
        klines=providers.Object(market_klines(simulation.market)),
        mark_price=providers.Object(market_mark_price(simulation.market)),
    )
    bot = build_bot_container(load_secrets(env={}, mode="sim"), adapters, exchange=exchange, time_scale=scale)
    boot_bot(bot, DATABASE)
    return TrialRun(simulation, adapters, bot, start, options.klines.end, timeframe)


async def _cycle(trial: TrialRun) -> None:
    """One cycle, then as many as the frames it caused need (bounded): a live bot records an order's fills within
    milliseconds of sending it, so the trial records them at the same simulated instant, not a kline later."""
    inbox = trial.bot.core().inbox
    for _ in range(FOLLOW_UPS + 1):
        # Let the stream's reader hand the exchange's frames to the inbox before the cycle takes them
        await anyio.wait_all_tasks_blocked()
        await trial.bot.loop().run_once()
        trial.cycles += 1
        await anyio.wait_all_tasks_blocked()
        if not inbox.has_pending:
            return


def _params(options: TrialOptions) -> dict[str, Any]:
    prefix = "strategy.params."
    return {key.removeprefix(prefix): value for key, value in options.settings.items() if key.startswith(prefix)}


async def run(trial: TrialRun) -> TrialRun:
    """Boot the bot, then one cycle just after each kline of the file closes, until the file ends.

    The simulation feeds every price step to the exchange in between (stops trigger where the prices cross them);
    the bot decides each closed kline in the cycle after it closes, as a live bot does within its next second.
    """
    clock, simulation = trial.simulation.clock, trial.simulation
    boot, loop = trial.bot.boot(), trial.bot.loop()
    boot.take_lease()
    step, interval = length(trial.timeframe), Interval(trial.timeframe)
    try:
        async with anyio.create_task_group() as group:
            outcome = await boot.run(group)
            if not outcome.ready:
                raise TrialFailed(f"the bot failed closed at boot: {outcome.reason}")
            moment = from_epoch_ms(interval.next_open(interval.floor(epoch_ms(clock.now()))))
            while moment <= trial.end:
                clock.advance(moment - clock.now())
                simulation.advance()
                await _cycle(trial)
                moment += step
            # A last pass reads the exchange's own history, so what the report shows is what the exchange holds
            trial.bot.schedule().request()
            await loop.run_once()
            group.cancel_scope.cancel()
    finally:
        loop.shut_down("trial finished")
        with anyio.move_on_after(2, shield=True):
            await trial.bot.exchange.close()()
    return trial
