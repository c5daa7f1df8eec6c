"""The market part of the dashboard: the mark and candles the bot last published, or the last fill without them."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from application.queries import MarketReads, open_pnl
from ports.health import BotHealth


def market_view(health: BotHealth | None, reads: MarketReads, now: datetime) -> dict[str, Any]:
    """Mark (with its source and age), the unrealized PnL it implies, and the candles, as MarketSchema dumps them."""
    position, mark = reads.position, reads.mark
    unrealized = open_pnl(position, mark.price)
    return {
        "symbol": position.symbol,
        "as_of": now,
        "mark_price": mark.price,
        "mark_at": mark.at,
        "mark_source": mark.source,
        "mark_age_ms": None if mark.at is None else max(now - mark.at, timedelta(0)) // timedelta(milliseconds=1),
        "unrealized_pnl": None if unrealized is None else _plain(unrealized),
        "leverage": position.leverage,
        "candle_interval": None if health is None else health.candle_interval,
        "tick_size": None if health is None else health.tick_size,
        "step_size": None if health is None else health.step_size,
        "candles": [] if health is None else list(health.candles),
    }


def _plain(value: Decimal) -> Decimal:
    # Without the trailing zeros a product of two prices carries ("-0.20" → "-0.2"), as the exchange prints amounts
    return value.normalize() if value != 0 else Decimal(0)
