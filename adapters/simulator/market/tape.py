"""The market tape: each step's last price (the source plus any manual moves) and its synthetic trading activity.

Activity (trade count, quantity, taker side, top-of-book sizes) is a hash of (seed, step), so it is the same however
the tape is read. Trade ids are consecutive over the whole tape: step k's first id is the base plus the trades of
all earlier steps (kept as running totals per block of steps).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from adapters.simulator.market.noise import Noise
from adapters.simulator.market.source import PriceSource

FIRST_TRADE_ID = 3_100_000_000  # realistic magnitude for a busy USDⓈ-M symbol
FIRST_AGG_TRADE_ID = 1_700_000_000
TYPICAL_TRADE_NOTIONAL = Decimal(400)
_ACTIVITY = 1
_BLOCK = 256


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the tape; prices in ticks, quantities in lots (multiples of the step size)."""

    index: int
    time_ms: int
    price: int
    trades: int
    first_trade_id: int
    quantity: int
    taker_buy: bool
    bid_lots: int
    ask_lots: int

    @property
    def last_trade_id(self) -> int:
        return self.first_trade_id + self.trades - 1

    @property
    def agg_trade_id(self) -> int:
        return FIRST_AGG_TRADE_ID + self.index


class Tape:
    def __init__(self, source: PriceSource, step_size: Decimal, seed: int) -> None:
        if 60_000 % source.step_ms:
            raise ValueError(f"the source's step ({source.step_ms} ms) must divide one minute")
        if step_size <= 0:
            raise ValueError(f"step size must be positive, got {step_size}")
        self.source = source
        self.step_size = step_size
        self._noise = Noise(seed, _ACTIVITY)
        self._typical_lots = max(1, int(TYPICAL_TRADE_NOTIONAL / (source.ticks(0) * source.tick_size * step_size)))
        self._move_steps: list[int] = []
        self._move_offsets: list[int] = []
        self._trade_totals = [0]
        self.revision = 0
        self.changed_from = 0

    @property
    def origin_ms(self) -> int:
        return self.source.origin_ms

    @property
    def step_ms(self) -> int:
        return self.source.step_ms

    @property
    def tick_size(self) -> Decimal:
        return self.source.tick_size

    def step_at(self, moment_ms: int) -> int:
        """Return the index of the step containing `moment_ms` (not before the origin)."""
        return self.source.step_at(moment_ms)

    def price(self, step: int) -> int:
        """Return the last price of `step` in ticks, manual moves included."""
        if not self._move_steps:
            return self.source.ticks(step)
        at = bisect.bisect_right(self._move_steps, step)
        offset = self._move_offsets[at - 1] if at else 0
        return max(1, self.source.ticks(step) + offset)

    def move_price(self, from_step: int, ticks: int) -> None:
        """Shift the price from `from_step` on so that it is `ticks` there; earlier steps keep their prices."""
        if ticks < 1:
            raise ValueError(f"a price must be at least one tick, got {ticks} ticks")
        if self._move_steps and from_step < self._move_steps[-1]:
            raise ValueError(f"price moves go forward in time: step {from_step} is before the last move")
        offset = ticks - self.source.ticks(from_step)
        if self._move_steps and self._move_steps[-1] == from_step:
            self._move_offsets[-1] = offset
        else:
            self._move_steps.append(from_step)
            self._move_offsets.append(offset)
        self.revision += 1
        self.changed_from = from_step

    def step(self, index: int) -> Step:
        """Return one step (random access)."""
        return next(self.steps(index, index + 1))

    def steps(self, start: int, stop: int) -> Iterator[Step]:
        """Yield the steps start, start + 1, …, stop − 1 in order."""
        if start < 0:
            raise ValueError(f"step must be ≥ 0, got {start}")
        trade_id = FIRST_TRADE_ID + self._trades_before(start)
        previous = self.price(start - 1) if start > 0 else None
        for index in range(start, stop):
            step = self._make(index, trade_id, previous)
            yield step
            trade_id += step.trades
            previous = step.price

    def _make(self, index: int, trade_id: int, previous: int | None) -> Step:
        bits = self._noise.bits(index)
        trades = 1 + (bits & 3)
        price = self.price(index)
        taker_buy = bool((bits >> 40) & 1) if previous is None or previous == price else price > previous
        lots = trades * (1 + (bits >> 2) % (2 * self._typical_lots))
        bid_lots = 1 + (bits >> 24) % (8 * self._typical_lots)
        ask_lots = 1 + (bits >> 44) % (8 * self._typical_lots)
        time_ms = self.origin_ms + index * self.step_ms
        return Step(index, time_ms, price, trades, trade_id, lots, taker_buy, bid_lots, ask_lots)

    def _trades_before(self, index: int) -> int:
        block, rest = divmod(index, _BLOCK)
        while len(self._trade_totals) <= block:
            start = (len(self._trade_totals) - 1) * _BLOCK
            self._trade_totals.append(self._trade_totals[-1] + self._count(start, start + _BLOCK))
        return self._trade_totals[block] + self._count(block * _BLOCK, block * _BLOCK + rest)

    def _count(self, start: int, stop: int) -> int:
        bits = self._noise.bits
        return sum(1 + (bits(index) & 3) for index in range(start, stop))
