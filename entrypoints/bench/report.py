"""One measured figure and how it reads next to its target."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    """`samples`: how many observations the figure summarises, when it summarises several (printed as n=…)."""

    benchmark: str
    metric: str
    value: float
    unit: str
    target: str = ""
    samples: int | None = None

    def line(self) -> str:
        target = f"  (target {self.target})" if self.target else ""
        count = f"  n={self.samples:,}" if self.samples is not None else ""
        return f"{self.benchmark:<4} {self.metric:<44} {self.value:>12,.1f} {self.unit:<10}{target}{count}"


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The sample below which `fraction` of them lie (nearest rank); samples must not be empty."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def spread(
    benchmark: str, metric: str, samples: Sequence[float], unit: str, targets: tuple[str, str, str] = ("", "", "")
) -> list[Measurement]:
    """p50, p99 and max of `samples`, each next to its target (p50, p99, max); ValueError when there are none."""
    if not samples:
        raise ValueError(f"{benchmark} {metric}: no samples were measured")
    figures = (("p50", median(samples)), ("p99", percentile(samples, 0.99)), ("max", max(samples)))
    return [
        Measurement(benchmark, f"{metric} {name}", value, unit, target, len(samples))
        for (name, value), target in zip(figures, targets, strict=True)
    ]
