"""The interface every last-price source shares: a price on the tick grid at each fixed step from an origin."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from decimal import Decimal

from domain.times import epoch_ms, from_epoch_ms


class PriceSource(ABC):
    """Last prices sampled every `step_ms` from `origin_ms`: step k covers [origin + k·step, origin + (k+1)·step).

    The price at any instant is the price of the step containing it, so the series is the same however
    often (or in whatever order) it is read.
    """

    @property
    @abstractmethod
    def origin_ms(self) -> int:
        """Epoch milliseconds of step 0, the first instant with a price."""

    @property
    @abstractmethod
    def step_ms(self) -> int:
        """Length of one step in milliseconds."""

    @property
    @abstractmethod
    def tick_size(self) -> Decimal:
        """The symbol's price tick; every price is a positive multiple of it."""

    @abstractmethod
    def ticks(self, step: int) -> int:
        """Return the last price during `step` (≥ 0) as a count of ticks (≥ 1)."""

    def step_at(self, moment_ms: int) -> int:
        """Return the index of the step containing `moment_ms`; before the origin is an error."""
        if moment_ms < self.origin_ms:
            raise ValueError(
                f"{from_epoch_ms(moment_ms).isoformat()} is before the price source's origin "
                f"{from_epoch_ms(self.origin_ms).isoformat()}",
            )
        return (moment_ms - self.origin_ms) // self.step_ms

    def step_time_ms(self, step: int) -> int:
        """Return the epoch milliseconds at which `step` starts."""
        return self.origin_ms + step * self.step_ms

    def price_at(self, moment: datetime) -> Decimal:
        """Return the last price at `moment` (aware), on the tick grid."""
        return self.ticks(self.step_at(epoch_ms(moment))) * self.tick_size
