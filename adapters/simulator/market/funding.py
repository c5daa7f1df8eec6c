"""Funding: settlement instants (the real 00:00/08:00/16:00 UTC marks, or every N simulated seconds), seeded rates,
and the settlements due between two simulated instants.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from adapters.simulator.market.noise import Noise
from domain.times import EPOCH, epoch_ms, from_epoch_ms

EIGHT_HOURS = timedelta(hours=8)
INTEREST_RATE = Decimal("0.00010000")  # premiumIndex.interestRate: Binance's fixed 0.01% per interval
RATE_UNIT = Decimal("0.00000001")  # funding rates carry eight decimals
_RATE_STREAM = 4


@dataclass(frozen=True)
class FundingSettlement:
    """One funding event: positions open at `time` pay (rate > 0, longs) notional at `mark_price` × rate."""

    time: datetime
    rate: Decimal
    mark_price: Decimal


class FundingSchedule:
    """Funding every `interval` from `anchor`; by default Binance's 8 hours from the epoch (00:00, 08:00, 16:00 UTC).

    The rate settled at each instant is centre ± spread, drawn from the seed and the instant's index, so it is known
    in advance (premiumIndex.lastFundingRate shows the rate of the next settlement).
    """

    def __init__(
        self,
        seed: int,
        interval: timedelta = EIGHT_HOURS,
        anchor: datetime = EPOCH,
        centre: Decimal = Decimal(0),
        spread: Decimal = Decimal("0.0001"),
    ) -> None:
        if interval < timedelta(milliseconds=1) or interval % timedelta(milliseconds=1):
            raise ValueError(f"funding interval must be a positive whole number of milliseconds, got {interval}")
        if spread < 0 or centre % RATE_UNIT or spread % RATE_UNIT:
            raise ValueError(f"funding centre and spread must be multiples of {RATE_UNIT}, spread ≥ 0")
        self._interval_ms = interval // timedelta(milliseconds=1)
        self._anchor_ms = epoch_ms(anchor)
        self._noise = Noise(seed, _RATE_STREAM)
        self._centre = int(centre / RATE_UNIT)
        self._spread = int(spread / RATE_UNIT)

    @classmethod
    def accelerated(cls, seed: int, every: timedelta, start: datetime, **rates: Decimal) -> FundingSchedule:
        """Funding every `every` of simulated time, counted from `start` (the first settlement is at start + every)."""
        return cls(seed, every, start, **rates)

    @property
    def interval(self) -> timedelta:
        return timedelta(milliseconds=self._interval_ms)

    @property
    def rate_bounds(self) -> tuple[Decimal, Decimal]:
        """The lowest and highest rate the schedule can settle (fundingInfo's floor and cap)."""
        return (self._centre - self._spread) * RATE_UNIT, (self._centre + self._spread) * RATE_UNIT

    def next_time_ms(self, moment_ms: int) -> int:
        """Return the first settlement instant strictly after `moment_ms` (premiumIndex.nextFundingTime)."""
        return self._anchor_ms + ((moment_ms - self._anchor_ms) // self._interval_ms + 1) * self._interval_ms

    def rate_at(self, funding_ms: int) -> Decimal:
        """Return the rate settled at the settlement instant `funding_ms`."""
        if (funding_ms - self._anchor_ms) % self._interval_ms:
            raise ValueError(f"{from_epoch_ms(funding_ms).isoformat()} is not a funding instant of this schedule")
        index = (funding_ms - self._anchor_ms) // self._interval_ms
        units = self._centre + self._noise.pick(index, -self._spread, self._spread)
        return units * RATE_UNIT

    def times_between(self, after_ms: int, until_ms: int) -> list[int]:
        """Return the settlement instants in (after_ms, until_ms], oldest first."""
        times = []
        moment = self.next_time_ms(after_ms)
        while moment <= until_ms:
            times.append(moment)
            moment += self._interval_ms
        return times

    def settlements_between(
        self,
        previous: datetime,
        current: datetime,
        mark_price: Callable[[int], Decimal],
    ) -> list[FundingSettlement]:
        """Return the settlements due in (previous, current], each with the mark price at its instant."""
        return [
            FundingSettlement(from_epoch_ms(moment), self.rate_at(moment), mark_price(moment))
            for moment in self.times_between(epoch_ms(previous), epoch_ms(current))
        ]
