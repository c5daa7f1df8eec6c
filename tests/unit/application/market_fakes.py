"""A scripted market for the MarketView tests: minute klines up to the clock's time and a settable mark."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from adapters.memory.clock import DEFAULT_START, ManualClock
from domain.reports import Kline, SymbolRules

MINUTE = timedelta(minutes=1)


def kline(opened: datetime, close: str, *, closed: bool = True) -> Kline:
    price = Decimal(close)
    return Kline(
        opened, opened + MINUTE - timedelta(milliseconds=1), price - 1, price + 1, price - 2, price, Decimal(10), closed
    )


class FakeMarket:
    """Minute klines up to the clock's time (the last one open), a settable mark, and a log of every read."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.mark: Decimal | None = Decimal("0.5")
        self.reads: list[tuple[object, ...]] = []

    async def klines(self, symbol: str, interval: str, limit: int) -> list[Kline]:
        self.reads.append(("klines", symbol, interval, limit))
        minutes = int((self.clock.now() - DEFAULT_START) / MINUTE)
        bars = [kline(DEFAULT_START + i * MINUTE, str(100 + i), closed=i < minutes) for i in range(minutes + 1)]
        return bars[-limit:]

    async def mark_price(self, symbol: str) -> Decimal:
        self.reads.append(("mark", symbol))
        if self.mark is None:
            raise ConnectionError("the exchange cannot be reached")
        return self.mark

    async def symbol_rules(self, symbol: str) -> SymbolRules:
        raise AssertionError("not needed here")
