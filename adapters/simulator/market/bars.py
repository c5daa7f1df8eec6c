"""Kline aggregates: integer OHLCV bars folded from tape steps, and the Decimal/datetime kline a caller sees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import chain

from adapters.simulator.market.tape import Step
from domain.reports import Kline


@dataclass(frozen=True, slots=True)
class Bar:
    """Prices in ticks, volumes in lots, quote volumes in tick·lot units (exact integers)."""

    open: int
    high: int
    low: int
    close: int
    volume: int
    quote: int
    trades: int
    taker_volume: int
    taker_quote: int
    first_trade_id: int
    last_trade_id: int

    @staticmethod
    def of(step: Step) -> Bar:
        quote = step.quantity * step.price
        taken = step.quantity if step.taker_buy else 0
        return Bar(
            step.price,
            step.price,
            step.price,
            step.price,
            step.quantity,
            quote,
            step.trades,
            taken,
            taken * step.price,
            step.first_trade_id,
            step.last_trade_id,
        )

    def then(self, later: Bar) -> Bar:
        """Return this bar followed by `later` (a bar of the steps right after it)."""
        return Bar(
            self.open,
            max(self.high, later.high),
            min(self.low, later.low),
            later.close,
            self.volume + later.volume,
            self.quote + later.quote,
            self.trades + later.trades,
            self.taker_volume + later.taker_volume,
            self.taker_quote + later.taker_quote,
            self.first_trade_id,
            later.last_trade_id,
        )


def fold(parts: Iterable[Bar]) -> Bar | None:
    """Return the bars joined in order, or None when there are none."""
    joined: Bar | None = None
    for part in parts:
        joined = part if joined is None else joined.then(part)
    return joined


def fold_steps(steps: Iterable[Step]) -> Bar | None:
    """Return the bar of consecutive steps, or None when there are none (the hot path: plain locals, one Bar)."""
    iterator = iter(steps)
    first = next(iterator, None)
    if first is None:
        return None
    high = low = close = first.price
    volume = quote = trades = taker_volume = taker_quote = 0
    last_trade_id = first.last_trade_id
    for step in chain((first,), iterator):
        price, quantity = step.price, step.quantity
        high, low, close = max(high, price), min(low, price), price
        volume += quantity
        quote += quantity * price
        trades += step.trades
        if step.taker_buy:
            taker_volume += quantity
            taker_quote += quantity * price
        last_trade_id = step.last_trade_id
    return Bar(
        first.price,
        high,
        low,
        close,
        volume,
        quote,
        trades,
        taker_volume,
        taker_quote,
        first.first_trade_id,
        last_trade_id,
    )


@dataclass(frozen=True)
class SimKline:
    """A kline with every field Binance sends; `closed` is false for the kline still forming."""

    interval: str
    open_time: datetime
    close_time: datetime
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: Decimal
    quote_volume: Decimal
    trades: int
    taker_buy_volume: Decimal
    taker_buy_quote_volume: Decimal
    first_trade_id: int
    last_trade_id: int
    closed: bool

    def to_kline(self) -> Kline:
        """Return the venue-neutral domain kline."""
        return Kline(
            open_time=self.open_time,
            close_time=self.close_time,
            open=self.open,
            high=self.high,
            low=self.low,
            close=self.close,
            volume=self.volume,
            closed=self.closed,
        )


@dataclass(frozen=True)
class Units:
    """The symbol's tick and lot; multiplying keeps Binance's decimals (tick 0.10 → "71481.90")."""

    tick_size: Decimal
    step_size: Decimal

    def kline(self, interval: str, opened: datetime, closes: datetime, bar: Bar, closed: bool) -> SimKline:
        tick, lot = self.tick_size, self.step_size
        return SimKline(
            interval=interval,
            open_time=opened,
            close_time=closes,
            open=bar.open * tick,
            high=bar.high * tick,
            low=bar.low * tick,
            close=bar.close * tick,
            volume=bar.volume * lot,
            quote_volume=bar.quote * tick * lot,
            trades=bar.trades,
            taker_buy_volume=bar.taker_volume * lot,
            taker_buy_quote_volume=bar.taker_quote * tick * lot,
            first_trade_id=bar.first_trade_id,
            last_trade_id=bar.last_trade_id,
            closed=closed,
        )
