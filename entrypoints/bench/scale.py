"""B13, scale (issue 13): histories of 100k, 1M and 3M events of recorded activity, and at each size every web
route, /health under dashboard load, restart → READY of the bot, a full rebuild and the Python memory at the peak of
a dashboard request and of a boot. A full run also draws docs/benchmarks-scale.svg and prints a Markdown table."""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import anyio

from entrypoints.bench.live_rig import DATABASE, build_bot
from entrypoints.bench.live_sim import LiveSim, live_sim
from entrypoints.bench.recovery import ROOT, Restarts, restart
from entrypoints.bench.report import Measurement, median, percentile
from entrypoints.bench.scale_chart import chart
from entrypoints.bench.scale_history import grow
from entrypoints.bench.scale_web import WebTimings, measure_web

SIZES = (100_000, 1_000_000, 3_000_000)
QUICK_SIZES = (2_000, 6_000)
CHART = ROOT / "docs" / "benchmarks-scale.svg"
TARGETS = {"GET /api/dashboard p50": "≤ 20", "GET / (dashboard page) p50": "≤ 40", "restart → READY p50": "≤ 1,500"}


@dataclass(frozen=True)
class Plan:
    repeats: int
    load_s: float
    restarts: int


@dataclass
class AtSize:
    size: int
    events: int
    build_s: float
    rebuild_rate: float
    web: WebTimings
    restarts: Restarts
    boot_peak_mib: float


def label(size: int) -> str:
    return f"{size // 1_000_000}M" if size % 1_000_000 == 0 else f"{size // 1000}k" if size % 1000 == 0 else str(size)


async def at_each_size(folder: Path, sizes: tuple[int, ...], plan: Plan) -> list[AtSize]:
    """One log grown size by size: the figures at each size are those of the whole log so far."""
    found: list[AtSize] = []
    async with live_sim() as sim:
        index, total = 0, 0
        for size in sizes:
            started = time.perf_counter()
            writer = build_bot(folder, sim)
            try:
                index, appended = grow(writer.adapters.event_store(), writer.container.scope(), index, size - total)
                total += appended
                built = time.perf_counter() - started
                started = time.perf_counter()
                report = writer.container.projector().rebuild()
                rate = report.events / (time.perf_counter() - started)
            finally:
                writer.adapters.shutdown_resources()
            web = await measure_web(folder, folder / DATABASE, plan.repeats, plan.load_s)
            restarts = Restarts()
            for _ in range(plan.restarts):
                await restart(folder, sim, restarts)
            found.append(AtSize(size, report.events, built, rate, web, restarts, await boot_peak(folder, sim)))
    return found


async def boot_peak(folder: Path, sim: LiveSim) -> float:
    """The Python memory a restart to READY holds at its peak, in MiB (tracemalloc: the allocations of the boot)."""
    tracemalloc.start()
    try:
        await restart(folder, sim, Restarts())
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def figures(at: AtSize) -> list[Measurement]:
    name = label(at.size)
    rows = [Measurement("B13", f"{name}: events in the log", at.events, "events")]
    for route, samples in at.web.routes.items():
        for stat, value in (("p50", median(samples)), ("p99", percentile(samples, 0.99))):
            metric = f"{route} {stat}"
            rows.append(Measurement("B13", f"{name}: {metric}", value, "ms", TARGETS.get(metric, ""), len(samples)))
    rows.append(Measurement("B13", f"{name}:   dashboards served under load", at.web.dashboards_under_load, "req"))
    ready = at.restarts.ready
    rows += [
        Measurement(
            "B13", f"{name}: restart → READY p50", median(ready), "ms", TARGETS["restart → READY p50"], len(ready)
        ),
        Measurement("B13", f"{name}:   projections phase p50", median(at.restarts.phases["projections"]), "ms"),
        Measurement("B13", f"{name}: rebuild", at.rebuild_rate, "events/s"),
        Measurement("B13", f"{name}: peak memory, one dashboard request", at.web.dashboard_peak_mib, "MiB"),
        Measurement("B13", f"{name}: peak memory, one boot to READY", at.boot_peak_mib, "MiB"),
        Measurement("B13", f"{name}: history built and appended", at.build_s, "s"),
    ]
    return rows


def table(found: list[AtSize], measured: list[Measurement]) -> str:
    """Markdown: a row per figure, a column per size."""
    names = [label(at.size) for at in found]
    by_metric: dict[str, dict[str, Measurement]] = {}
    for m in measured:
        size, metric = m.metric.split(": ", 1)
        by_metric.setdefault(metric.strip(), {})[size] = m
    lines = ["| figure | " + " | ".join(f"{n} events" for n in names) + " | target |", "|---" * (len(names) + 2) + "|"]
    for metric, cells in by_metric.items():
        first = next(iter(cells.values()))
        values = " | ".join(f"{cells[n].value:,.1f}" if n in cells else "" for n in names)
        lines.append(f"| {metric} ({first.unit}) | {values} | {first.target} |")
    return "\n".join(lines)


def panel(metric: str, unit: str) -> str | None:
    """The chart panel a figure is drawn in, None for the figures the chart leaves out."""
    if metric.startswith("GET "):
        return f"web, {metric.rsplit(' ', 1)[1]} (ms)"
    if metric.startswith(("restart", "  projections")):
        return "restart (ms)"
    if unit in ("MiB", "events/s"):
        return f"{'memory' if unit == 'MiB' else 'rebuild'} ({unit})"
    return None


def draw(found: list[AtSize], measured: list[Measurement]) -> str:
    series: dict[str, tuple[str, Sequence[float]]] = {}
    for m in measured:
        metric = m.metric.split(": ", 1)[1]
        where = panel(metric, m.unit)
        if where is not None:
            _, values = series.get(metric.strip(), (where, []))
            series[metric.strip()] = (where, [*values, m.value])
    return chart([at.events for at in found], series, "alphaengine bench scale: cost against history size")


def scale_benchmarks(quick: bool) -> list[Measurement]:
    sizes, plan = (QUICK_SIZES, Plan(5, 0.5, 1)) if quick else (SIZES, Plan(50, 3.0, 3))
    with tempfile.TemporaryDirectory(prefix="alphaengine-bench-") as scratch:
        found = anyio.run(at_each_size, Path(scratch), sizes, plan)
    measured = [m for at in found for m in figures(at)]
    if not quick:
        CHART.write_text(draw(found, measured), encoding="utf-8")
        sys.stdout.write(table(found, measured) + "\n")
    return measured
