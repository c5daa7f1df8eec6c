"""A seeded, regime-switching last-price path: trends up, down or flat of random length, plus noise, on the tick grid.

Determinism: the path is generated one step at a time (every `step_ms`, 250 ms by default) in step order from
random.Random(seed), using integer arithmetic only (no floats, no libm), and kept; the price at time t is the price
of step (t − origin) // step_ms. The same seed therefore gives the same prices on every platform, however often and
in whatever order the path is sampled.
"""

from __future__ import annotations

import random
from array import array
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from adapters.simulator.market.source import PriceSource
from domain.times import epoch_ms

SUB = 10**6  # internal resolution: millionths of a tick, so slow drifts accumulate below one tick
PPB = 10**9


@dataclass(frozen=True)
class PathShape:
    """How the path moves. Rates are fractions of the price per simulated minute; regimes last whole steps."""

    step_ms: int = 250
    volatility_per_minute: Decimal = Decimal("0.0008")
    trend_per_minute: Decimal = Decimal("0.0015")
    regime_seconds: tuple[int, int] = (90, 420)
    # Beyond this relative distance from the start price the next regime heads back, so long runs stay in range
    reversion_band: Decimal = Decimal("0.25")

    def __post_init__(self) -> None:
        low, high = self.regime_seconds
        if self.step_ms <= 0 or 60_000 % self.step_ms:
            raise ValueError(f"step_ms must divide one minute (60000 ms), got {self.step_ms}")
        if not 0 < low <= high:
            raise ValueError(f"regime_seconds must be 0 < low ≤ high, got {self.regime_seconds}")
        if self.volatility_per_minute < 0 or self.trend_per_minute < 0 or self.reversion_band <= 0:
            raise ValueError("volatility, trend and reversion band must not be negative")

    @property
    def steps_per_minute(self) -> int:
        return 60_000 // self.step_ms


class SeededPricePath(PriceSource):
    def __init__(
        self,
        seed: int,
        start_price: Decimal,
        tick_size: Decimal,
        origin: datetime,
        shape: PathShape = PathShape(),
    ) -> None:
        if not isinstance(seed, int):
            raise TypeError(f"seed must be an int, got {type(seed).__name__}")
        _check_grid(start_price, tick_size)
        self._tick_size = tick_size
        self._origin_ms = epoch_ms(origin)
        self._shape = shape
        self._rng = random.Random(seed)
        self._start_level = int(start_price / tick_size) * SUB
        self._level = self._start_level
        self._sigma_ppb = int(shape.volatility_per_minute * PPB / Decimal(shape.steps_per_minute).sqrt())
        self._trend_ppb = int(shape.trend_per_minute * PPB / shape.steps_per_minute)
        self._direction = 0
        self._drift_ppb = 0
        self._steps_left = 0
        self._ticks = array("q")

    @property
    def origin_ms(self) -> int:
        return self._origin_ms

    @property
    def step_ms(self) -> int:
        return self._shape.step_ms

    @property
    def tick_size(self) -> Decimal:
        return self._tick_size

    def ticks(self, step: int) -> int:
        if step < 0:
            raise ValueError(f"step must be ≥ 0, got {step}")
        while len(self._ticks) <= step:
            self._ticks.append(self._next_ticks())
        return self._ticks[step]

    def _next_ticks(self) -> int:
        if self._steps_left == 0:
            self._new_regime()
        bits = self._rng.getrandbits(30)
        # Sum of three uniforms: a bell-shaped step with standard deviation sigma, from one draw
        total = (bits & 1023) + ((bits >> 10) & 1023) + (bits >> 20)
        noise_ppb = (2 * total - 3069) * self._sigma_ppb // 1024
        change = self._level * (self._drift_ppb + noise_ppb)
        self._level = max(SUB, self._level + (2 * change + PPB) // (2 * PPB))
        self._steps_left -= 1
        return max(1, (self._level + SUB // 2) // SUB)

    def _new_regime(self) -> None:
        low, high = self._shape.regime_seconds
        steps_per_second = Decimal(1000) / self._shape.step_ms
        self._steps_left = max(1, int(self._rng.randint(low, high) * steps_per_second))
        self._direction = self._next_direction()
        self._drift_ppb = self._direction * self._trend_ppb * self._rng.randint(50, 150) // 100

    def _next_direction(self) -> int:
        band = self._shape.reversion_band
        if self._level > self._start_level * (1 + band):
            return -1
        if self._level < self._start_level * (1 - band):
            return 1
        # Mostly reversals (what makes moving averages cross), sometimes a pause
        choices = {1: (-1, -1, 0), -1: (1, 1, 0), 0: (1, -1)}[self._direction]
        return self._rng.choice(choices)


def _check_grid(price: Decimal, tick_size: Decimal) -> None:
    if tick_size <= 0:
        raise ValueError(f"tick size must be positive, got {tick_size}")
    if price <= 0 or price % tick_size:
        raise ValueError(f"start price {price} must be positive and a multiple of the tick size {tick_size}")
