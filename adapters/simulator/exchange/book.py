"""A synthetic order book around the last price: seeded level sizes, so big orders walk several prices."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from .amounts import ceil_to, floor_to
from .symbols import SymbolSpec
from .vocabulary import ZERO, Side


@dataclass(frozen=True)
class Level:
    price: Decimal
    qty: Decimal


@dataclass(frozen=True)
class BookShape:
    """Depth per side and each level's size as a seeded multiple of the symbol's MIN_NOTIONAL."""

    depth: int = 10
    min_level_notionals: int = 20
    max_level_notionals: int = 60


class SyntheticBook:
    """Best bid = last price floored to the tick, best ask one tick above; levels one tick apart.

    Liquidity an order takes stays taken until the next `reprice` (the next market price update). Levels are built
    only when an order looks at the book, from a generator seeded by the reprice count: most price updates meet no
    order, and a level's size must not depend on whether an earlier book was looked at.
    """

    def __init__(self, spec: SymbolSpec, rng: random.Random, shape: BookShape = BookShape()) -> None:
        self._spec = spec
        self._base = rng.getrandbits(64)
        self._shape = shape
        self._asks: list[Level] = []
        self._bids: list[Level] = []
        self._last: Decimal | None = None
        self._generation = 0
        self._built = -1
        self._frontier: dict[Side, Decimal] = {}
        self._deep_rng = random.Random(self._base)

    @property
    def is_ready(self) -> bool:
        return self._last is not None

    def reprice(self, last: Decimal) -> None:
        self._last = last
        self._generation += 1

    def levels(self, taker_side: Side) -> tuple[Level, ...]:
        """The side a taker of `taker_side` trades against, best price first."""
        return tuple(self._side(taker_side))

    def _side(self, taker_side: Side) -> list[Level]:
        self._build()
        book = self._asks if taker_side is Side.BUY else self._bids
        if not book:
            self._refill(taker_side, book)
        return book

    def _refill(self, taker_side: Side, book: list[Level]) -> None:
        """A drained side gets `depth` more levels beyond the deepest one taken: a liquid market never runs dry."""
        tick, step = self._spec.tick_size, (1 if taker_side is Side.BUY else -1)
        prices = (self._frontier[taker_side] + step * (i + 1) * tick for i in range(self._shape.depth))
        book.extend(self._level(price, self._deep_rng) for price in prices if price > ZERO)
        if book:
            self._frontier[taker_side] = book[-1].price

    def _build(self) -> None:
        if self._last is None:
            raise ValueError(f"{self._spec.symbol} has no price yet: call on_price before trading it")
        if self._built == self._generation:
            return
        rng = random.Random(self._base ^ self._generation)
        tick, depth = self._spec.tick_size, self._shape.depth
        best_bid = floor_to(self._last, tick)
        self._bids = [self._level(best_bid - i * tick, rng) for i in range(depth) if best_bid - i * tick > ZERO]
        self._asks = [self._level(best_bid + (i + 1) * tick, rng) for i in range(depth)]
        self._frontier = {Side.BUY: best_bid + depth * tick, Side.SELL: best_bid - (depth - 1) * tick}
        self._deep_rng = random.Random(self._base ^ self._generation ^ 1 << 62)
        self._built = self._generation

    def best_price(self, taker_side: Side) -> Decimal:
        levels = self.levels(taker_side)
        if not levels:
            raise ValueError(f"{self._spec.symbol}: the synthetic book has no {taker_side.value} liquidity left")
        return levels[0].price

    def crosses(self, side: Side, limit: Decimal) -> bool:
        """Whether a LIMIT at `limit` would trade at once (is marketable)."""
        levels = self.levels(side)
        return bool(levels) and _within(side, levels[0].price, limit)

    def available(self, taker_side: Side, limit: Decimal | None) -> Decimal:
        return sum(
            (
                level.qty
                for level in self.levels(taker_side)
                if limit is None or _within(taker_side, level.price, limit)
            ),
            ZERO,
        )

    def take(self, taker_side: Side, qty: Decimal, limit: Decimal | None) -> list[Level]:
        """Consume up to `qty` from the best levels, never beyond `limit`; returns one fill per level touched."""
        fills: list[Level] = []
        while (
            qty > ZERO
            and (book := self._side(taker_side))
            and (limit is None or _within(taker_side, book[0].price, limit))
        ):
            level = book[0]
            taken = min(qty, level.qty)
            fills.append(Level(level.price, taken))
            qty -= taken
            if taken == level.qty:
                book.pop(0)
            else:
                book[0] = Level(level.price, level.qty - taken)
        return fills

    def maker_volume(self) -> Decimal:
        """How much a resting order at a touched price can fill in one price update: one level's worth."""
        self._build()
        return self._level(
            self._bids[0].price if self._bids else self._asks[0].price,
            random.Random(self._base ^ self._generation ^ 1 << 63),
        ).qty

    def _level(self, price: Decimal, rng: random.Random) -> Level:
        notional = self._spec.min_notional * rng.randint(
            self._shape.min_level_notionals, self._shape.max_level_notionals
        )
        return Level(price, max(ceil_to(notional / price, self._spec.step_size), self._spec.min_qty))


def _within(taker_side: Side, price: Decimal, limit: Decimal) -> bool:
    return price <= limit if taker_side is Side.BUY else price >= limit
