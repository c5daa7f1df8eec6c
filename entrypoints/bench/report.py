"""One measured figure and how it reads next to its target."""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    benchmark: str
    metric: str
    value: float
    unit: str
    target: str = ""

    def line(self) -> str:
        target = f"  (target {self.target})" if self.target else ""
        return f"{self.benchmark:<4} {self.metric:<44} {self.value:>12,.1f} {self.unit:<10}{target}"


def percentile(samples: list[float], fraction: float) -> float:
    """The sample below which `fraction` of them lie (nearest rank); samples must not be empty."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def median(samples: list[float]) -> float:
    return statistics.median(samples)
