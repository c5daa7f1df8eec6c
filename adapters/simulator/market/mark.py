"""Mark and index prices: the last price plus a small seeded basis, recomputed once per mark period (1 s)."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.simulator.market.noise import Noise
from adapters.simulator.market.tape import Tape

_MARK_STREAM = 2
_INDEX_STREAM = 3


@dataclass(frozen=True)
class MarkShape:
    """period_ms: how often the mark is recomputed (Binance's fastest markPrice stream is 1 s).

    The basis of mark and index against the last price stays within ±max_*_ticks ticks.
    """

    period_ms: int = 1000
    max_basis_ticks: int = 3
    max_index_ticks: int = 2

    def __post_init__(self) -> None:
        if self.period_ms <= 0 or self.max_basis_ticks < 0 or self.max_index_ticks < 0:
            raise ValueError(f"mark period must be positive and the tick bands ≥ 0, got {self}")


class MarkPrices:
    def __init__(self, tape: Tape, seed: int, shape: MarkShape = MarkShape()) -> None:
        self._tape = tape
        self._shape = shape
        self._mark_noise = Noise(seed, _MARK_STREAM)
        self._index_noise = Noise(seed, _INDEX_STREAM)

    @property
    def period_ms(self) -> int:
        return self._shape.period_ms

    def period_start(self, moment_ms: int) -> int:
        """Return the start of the mark period containing `moment_ms` (aligned to the epoch)."""
        return moment_ms - moment_ms % self._shape.period_ms

    def mark(self, moment_ms: int) -> int:
        """Return the mark price at `moment_ms` in ticks (≥ 1)."""
        period = self._period(moment_ms)
        band = self._shape.max_basis_ticks
        return max(1, self._reference(moment_ms) + self._mark_noise.pick(period, -band, band))

    def index(self, moment_ms: int) -> int:
        """Return the index price at `moment_ms` in ticks (≥ 1)."""
        period = self._period(moment_ms)
        band = self._shape.max_index_ticks
        return max(1, self._reference(moment_ms) + self._index_noise.pick(period, -band, band))

    def _period(self, moment_ms: int) -> int:
        return moment_ms // self._shape.period_ms

    def _reference(self, moment_ms: int) -> int:
        # The last price when the period began (or at the origin, for the period the tape starts in)
        start = max(self.period_start(moment_ms), self._tape.origin_ms)
        return self._tape.price(self._tape.step_at(start))
