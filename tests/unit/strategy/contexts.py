"""Strategy contexts built from a list of closes: 5m klines, a position, equity and the mark."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from domain.projections.rows import Position
from domain.reports import Kline
from domain.strategy import StrategyContext
from domain.values import ZERO

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
STEP = timedelta(minutes=5)


def kline(index: int, close: str, closed: bool = True, spread: str = "0") -> Kline:
    """A kline opening and closing at `close`, its high and low `spread` above and below."""
    opened = T0 + STEP * index
    price, half = Decimal(close), Decimal(spread)
    return Kline(
        opened, opened + STEP - timedelta(milliseconds=1), price, price + half, price - half, price, Decimal(1), closed
    )


def context(
    *closes: str,
    open_close: str | None = None,
    position: str = "0",
    mark: str | None = None,
    equity: str = "10000",
    params: dict[str, Any] | None = None,
    unresolved: str = "0",
    spread: str = "0",
) -> StrategyContext:
    """Closed klines with `closes`, then an open kline at `open_close` (if given); mark defaults to the last close."""
    klines = [kline(i, close, spread=spread) for i, close in enumerate(closes)]
    if open_close is not None:
        klines.append(kline(len(closes), open_close, closed=False))
    last = mark or open_close or closes[-1]
    held = Position("XRPUSDT", Decimal(position), Decimal(last), ZERO, None, None)
    return StrategyContext(
        symbol="XRPUSDT",
        timeframe="5m",
        now=T0 + STEP * len(klines),
        klines=tuple(klines),
        position=held,
        balances=(),
        open_orders=(),
        mark_price=Decimal(last),
        equity=Decimal(equity),
        params=params or {},
        unresolved_quantity=Decimal(unresolved),
    )
