"""Shared makings of the market tests: symbol rules, instants, a seeded path, SMA crosses, the Binance fixtures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from adapters.simulator.market.price_path import SeededPricePath
from adapters.simulator.market.tape import Tape
from domain.reports import SymbolRules

XRP = SymbolRules("XRPUSDT", Decimal("0.0001"), Decimal("0.1"), Decimal("0.1"), Decimal("1000000"), Decimal(5))
BTC = SymbolRules("BTCUSDT", Decimal("0.10"), Decimal("0.001"), Decimal("0.001"), Decimal("1000"), Decimal(100))
T0 = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)  # a Monday, 00:00 UTC
MINUTE = timedelta(minutes=1)


def path(seed: int = 7, start_price: str = "0.5000", origin: datetime = T0) -> SeededPricePath:
    return SeededPricePath(seed, Decimal(start_price), XRP.tick_size, origin)


def tape(seed: int = 7, origin: datetime = T0) -> Tape:
    return Tape(path(seed, origin=origin), XRP.step_size, seed)


def sma_crosses(closes: list[Decimal], fast: int = 10, slow: int = 20) -> list[int]:
    """Indexes of the closes at which the fast SMA crosses the slow one (either way)."""
    crosses, side = [], 0
    for end in range(slow, len(closes) + 1):
        gap = sum(closes[end - fast : end]) / fast - sum(closes[end - slow : end]) / slow
        now = (gap > 0) - (gap < 0)
        if now and side and now != side:
            crosses.append(end - 1)
        side = now or side
    return crosses
