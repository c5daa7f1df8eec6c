"""The market part of the dashboard: the mark and candles the bot last published, or the last fill without them."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from domain.projections.rows import Position, Trade
from ports.health import BotHealth

MARK = "mark"
LAST_FILL = "last_fill"


def market_view(health: BotHealth | None, position: Position, trades: list[Trade], now: datetime) -> dict[str, Any]:
    """Mark (with its source and age), the unrealized PnL it implies, and the candles, as MarketSchema dumps them.

    No mark published yet (no bot, or an older one): the last fill price stands in, labelled as such.
    """
    mark, mark_at, source = _mark(health, trades)
    flat = position.quantity == 0
    return {
        "symbol": position.symbol,
        "as_of": now,
        "mark_price": mark,
        "mark_at": mark_at,
        "mark_source": source,
        "mark_age_ms": None if mark_at is None else max(now - mark_at, timedelta(0)) // timedelta(milliseconds=1),
        "unrealized_pnl": None if mark is None or flat else _plain(position.unrealized_pnl(mark)),
        "leverage": position.leverage,
        "candle_interval": None if health is None else health.candle_interval,
        "candles": [] if health is None else list(health.candles),
    }


def _mark(health: BotHealth | None, trades: list[Trade]) -> tuple[Decimal | None, datetime | None, str | None]:
    if health is not None and health.mark_price is not None:
        return health.mark_price, health.mark_at, MARK
    fill = next((t for t in trades if t.price is not None), None)
    return (None, None, None) if fill is None else (fill.price, fill.executed_at, LAST_FILL)


def _plain(value: Decimal) -> Decimal:
    # Without the trailing zeros a product of two prices carries ("-0.20" → "-0.2"), as the exchange prints amounts
    return value.normalize() if value != 0 else Decimal(0)
