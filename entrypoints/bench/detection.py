"""B2 (WebSocket fill detection) and B4 (REST backup detection with the WebSocket off): simulator emits a fill →
its event and the projections over it are committed (FULL), timed in one process with perf_counter_ns."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path

import anyio

from adapters.simulator.faults.setting import FaultSetting
from domain.values import Source
from entrypoints.bench.commit_probe import CommitProbe
from entrypoints.bench.live_rig import BotOptions, build_bot, reconciled, running, until
from entrypoints.bench.live_sim import LiveSim, live_sim
from entrypoints.bench.pacing import Legs, Pace
from entrypoints.bench.report import Measurement, spread
from entrypoints.bench.wire_stamps import FillStamps

FILL_QTY = Decimal("20")
DRAIN_S = 10.0


@dataclass
class Watch:
    fills: FillStamps
    probe: CommitProbe

    def all_committed(self) -> bool:
        return set(self.fills.emitted) <= set(self.probe.committed)

    def latencies(self, source: Source) -> Legs:
        """Emitted → read by the bot → committed, of the fills that came by `source` (a reconcile may win a race for
        one); RuntimeError if most did not."""
        ours = {t: at for t, at in self.fills.emitted.items() if self.probe.committed[t].source is source}
        if 2 * len(ours) < len(self.fills.emitted):
            raise RuntimeError(f"only {len(ours)} of {len(self.fills.emitted)} fills came by {source.value}")
        found = Legs()
        for trade_id, emitted in ours.items():
            found.add(emitted, self.probe.received.get(trade_id), self.probe.committed[trade_id].at_ns)
        return found


async def emit_fills(sim: LiveSim, load: Pace) -> None:
    """Market orders by hand on the exchange, buy and sell in turn so the position stays small.

    Placed on the simulator's thread without waiting, so the bot's loop is free to read the fill at once.
    """
    by_hand, placed = partial(sim.simulation.engine.place_order, by_hand=True), []

    def place(index: int) -> None:
        side = "BUY" if index % 2 == 0 else "SELL"
        placed.append(sim.soon(by_hand, sim.simulation.symbol, side, "MARKET", FILL_QTY))

    await load.run(place)
    for order in placed:
        order.result()


@dataclass
class Detected:
    """One load's latencies, and how many projection commits (loop cycles that folded something) it took per fill."""

    legs: Legs
    commits_per_fill: float


async def detect(folder: Path, loads: list[Pace], poll_s: int | None) -> list[Detected]:
    """Per load, the latencies of its fills; poll_s None: the stream on, else it drops every event and REST polls."""
    watches: list[Watch] = []
    source = Source.WS if poll_s is None else Source.REST
    results = []
    async with live_sim(lambda sim: watches.append(Watch(FillStamps(sim.simulation), CommitProbe()))) as sim:
        [watch] = watches
        options = BotOptions(probe=watch.probe) if poll_s is None else BotOptions(poll_s=poll_s, probe=watch.probe)
        async with running(build_bot(folder, sim, options)) as bot:
            if poll_s is not None:
                sim.arm("ws_drop", FaultSetting(count=None))
            await reconciled(bot)
            for load in loads:
                watch.fills.emitted.clear()
                saves = watch.probe.saves
                await emit_fills(sim, load)
                await until(watch.all_committed, "done committing the fills", timeout_s=DRAIN_S + (poll_s or 0))
                commits = (watch.probe.saves - saves) / len(watch.fills.emitted)
                results.append(Detected(watch.latencies(source), commits))
    return results


def stream_figures(load: Pace, found: Detected, targets: tuple[str, str, str]) -> list[Measurement]:
    legs = ("emitted → read by the bot", "read → committed")
    return [
        *found.legs.figures("B2", f"WS fill → committed, {load.label('fills')}", legs, targets),
        Measurement("B2", "  projection commits per fill", found.commits_per_fill, "commits", "record only"),
    ]


def detection_benchmarks(quick: bool) -> list[Measurement]:
    steady, burst = (Pace(10, 0.2), Pace(40, 0.005)) if quick else (Pace(100, 0.2), Pace(200, 0.005))
    poll_s, rest_load = (1, Pace(4, 0.35)) if quick else (5, Pace(16, 1.3))
    with tempfile.TemporaryDirectory(prefix="alphaengine-bench-") as scratch:
        folder = Path(scratch)
        (folder / "ws").mkdir()
        (folder / "rest").mkdir()
        ws_steady, ws_burst = anyio.run(detect, folder / "ws", [steady, burst], None)
        [rest] = anyio.run(detect, folder / "rest", [rest_load], poll_s)
    return [
        *stream_figures(steady, ws_steady, ("≤ 1", "≤ 5", "p99.9 ≤ 20")),
        *stream_figures(burst, ws_burst, ("", "≤ 50", "")),
        *spread(
            "B4",
            f"REST fill → committed, WS off, poll {poll_s} s",
            rest.legs.total,
            "ms",
            ("", "", f"≤ {(poll_s + 1) * 1000:,}"),
        ),
    ]
