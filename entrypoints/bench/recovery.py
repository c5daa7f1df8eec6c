"""B6: restart recovery with a large event log and 20 open orders against a simulator answering 50 ms late:
process start → database open → projections (stored rows + tail) → REST reconciliation → READY, phase by phase."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import anyio

from adapters.simulator.faults.setting import FaultSetting
from entrypoints.bench.commands import resting_orders
from entrypoints.bench.live_rig import LiveBot, build_bot, queue, running, until
from entrypoints.bench.live_sim import LiveSim, live_sim
from entrypoints.bench.report import Measurement, median, spread
from entrypoints.bench.storage import fill_events

OPEN_ORDERS = 20
RTT_S = 0.05
TAIL_TRADES = 500
BATCH = 1000
ROOT = Path(__file__).resolve().parents[2]
# What the bot process imports before it opens the database
IMPORTS = "import entrypoints.cli, entrypoints.bot.process, entrypoints.containers.bot, adapters.binance.stream"


@dataclass
class Restarts:
    """Per restart, in ms: the whole way to READY, and each phase (in order of first appearance)."""

    ready: list[float] = field(default_factory=list)
    phases: dict[str, list[float]] = field(default_factory=dict)

    def add(self, phase: str, ms: float) -> None:
        self.phases.setdefault(phase, []).append(ms)


def python_start_ms() -> float:
    """A fresh interpreter importing the bot's modules: the part of a restart that happens before our first line."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", IMPORTS], cwd=ROOT, check=True)  # noqa: S603 - our own interpreter
    return (time.perf_counter() - started) * 1e3


def append_history(bot: LiveBot, first_trade: int, trades: int) -> None:
    store, events = bot.adapters.event_store(), list(fill_events(first_trade, trades, bot.container.scope()))
    for start in range(0, len(events), BATCH):
        store.append(events[start : start + BATCH])


async def earlier_life(folder: Path, sim: LiveSim, trades: int) -> None:
    """The log a long-running bot leaves: `trades` fills folded into stored projections, then 20 resting orders
    placed through the executor, then a tail of fills appended but not yet folded (as a kill mid-fold leaves it)."""
    bot = build_bot(folder, sim)
    append_history(bot, 1, trades)
    bot.container.projector().rebuild()
    async with running(bot):
        for order in resting_orders(sim, OPEN_ORDERS):
            queue(bot.adapters.command_store(), bot.adapters, bot.container, order)
        engine = sim.simulation.engine
        await until(lambda: len(sim.call(engine.open_orders)) >= OPEN_ORDERS, "done placing the resting orders")
    stopped = build_bot(folder, sim)
    try:
        append_history(stopped, trades + 1, TAIL_TRADES)
    finally:
        stopped.adapters.shutdown_resources()


async def restart(folder: Path, sim: LiveSim, found: Restarts) -> None:
    started = time.perf_counter()
    bot = build_bot(folder, sim)
    built = time.perf_counter()
    async with running(bot, connected=False):
        ready = time.perf_counter()
        phases = bot.container.board().current.phases
        # Stopped only once connected, so each restart also tears a live socket down, as a kill would
        await until(lambda: bot.connected, "connected")
    python = python_start_ms()
    found.add("python start + imports", python)
    found.add("container, open database, settings", (built - started) * 1e3)
    for phase in phases:
        found.add(phase.name, float(phase.duration_ms))
    found.ready.append(python + (ready - started) * 1e3)


async def recover(folder: Path, trades: int, restarts: int) -> Restarts:
    found = Restarts()
    async with live_sim() as sim:
        await earlier_life(folder, sim, trades)
        sim.arm("latency", FaultSetting(count=None, seconds=RTT_S))
        for _ in range(restarts):
            await restart(folder, sim, found)
    return found


def recovery_benchmarks(quick: bool) -> list[Measurement]:
    trades, restarts = (1_000, 2) if quick else (80_000, 5)
    with tempfile.TemporaryDirectory(prefix="alphaengine-bench-") as scratch:
        found = anyio.run(recover, Path(scratch), trades, restarts)
    events = 2 * (trades + TAIL_TRADES)
    return [
        *spread("B6", f"restart → READY, {events:,} events", found.ready, "ms", ("≤ 3,000", "≤ 8,000", "")),
        *(
            Measurement("B6", f"  {name} p50", median(samples), "ms", samples=len(samples))
            for name, samples in found.phases.items()
        ),
    ]
