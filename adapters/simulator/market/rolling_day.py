"""The rolling 24-hour statistics of one symbol: what GET /fapi/v1/ticker/24hr and the @ticker / @miniTicker streams
report, from the same minute bars the klines are built of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from adapters.simulator.market.bars import Bar, Units
from adapters.simulator.market.intervals import DAY_MS
from domain.times import from_epoch_ms


@dataclass(frozen=True)
class RollingDay:
    """The trading in (close_time - 24 h, close_time]: prices keep the tick's decimals, volumes the lot's."""

    open_time: datetime
    close_time: datetime
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    last_quantity: Decimal
    volume: Decimal
    quote_volume: Decimal
    first_trade_id: int
    last_trade_id: int
    trades: int

    @property
    def price_change(self) -> Decimal:
        return self.close - self.open

    @property
    def price_change_percent(self) -> Decimal:
        """Percent of the open, three decimals as Binance prints it."""
        return (self.price_change * 100 / self.open).quantize(Decimal("0.001"))

    @property
    def weighted_average(self) -> Decimal:
        """Quote volume over volume, to the tick's decimals (the close when nothing traded)."""
        if not self.volume:
            return self.close
        return (self.quote_volume / self.volume).quantize(self.close)


def rolling_day(bar: Bar, last_lots: int, units: Units, now_ms: int) -> RollingDay:
    """The statistics of `bar`, the steps of the 24 hours up to `now_ms`, whose last step traded `last_lots`."""
    tick, lot = units.tick_size, units.step_size
    return RollingDay(
        open_time=from_epoch_ms(now_ms - DAY_MS),
        close_time=from_epoch_ms(now_ms),
        open=bar.open * tick,
        high=bar.high * tick,
        low=bar.low * tick,
        close=bar.close * tick,
        last_quantity=last_lots * lot,
        volume=bar.volume * lot,
        quote_volume=bar.quote * tick * lot,
        first_trade_id=bar.first_trade_id,
        last_trade_id=bar.last_trade_id,
        trades=bar.trades,
    )
