"""What the live benches share: a load paced on a real-time grid, and a latency split into two legs."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import anyio

from entrypoints.bench.report import Measurement, spread


@dataclass(frozen=True)
class Pace:
    """`count` actions, one every `every_s` real seconds."""

    count: int
    every_s: float

    def label(self, unit: str) -> str:
        return f"{1 / self.every_s:,.0f} {unit}/s"

    async def run(self, act: Callable[[int], None]) -> None:
        """act(0), act(1), … on the grid: a late action is not made up for by bunching the next ones."""
        started = time.perf_counter()
        for index in range(self.count):
            act(index)
            await anyio.sleep(max(0.0, started + (index + 1) * self.every_s - time.perf_counter()))


@dataclass
class Legs:
    """Per observation, in ms: the first leg, the second, and the whole way (which may have no split)."""

    first: list[float] = field(default_factory=list)
    second: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)

    def add(self, start_ns: int, middle_ns: int | None, end_ns: int) -> None:
        self.total.append((end_ns - start_ns) / 1e6)
        if middle_ns is not None:
            self.first.append((middle_ns - start_ns) / 1e6)
            self.second.append((end_ns - middle_ns) / 1e6)

    def figures(
        self, benchmark: str, whole: str, legs: tuple[str, str], targets: tuple[str, str, str]
    ) -> list[Measurement]:
        """p50/p99/max of the whole way against `targets`, then p50/p99 of each leg."""
        return [
            *spread(benchmark, whole, self.total, "ms", targets),
            *spread(benchmark, f"  of which {legs[0]}", self.first, "ms")[:2],
            *spread(benchmark, f"  of which {legs[1]}", self.second, "ms")[:2],
        ]
