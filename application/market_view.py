"""The market the bot last read (mark, closed klines), kept for the heartbeat to publish to the dashboard (ADR 0032)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from application.orchestrator import MarketSource
from domain.reports import Kline, SymbolRules
from ports.clock import Clock
from ports.health import Candle

CANDLES_KEPT = 120
MARK_EVERY = timedelta(seconds=5)


class MarketView(MarketSource):
    """A MarketSource that remembers what passes through it, and reads only what the strategy left stale.

    The orchestrator reads the klines and the mark once per closed kline; refresh() tops that up: the mark
    at most every `mark_every`, the klines only when a kline has closed that nobody read.
    """

    def __init__(
        self,
        market: MarketSource,
        clock: Clock,
        symbol: str,
        interval: str,
        *,
        keep: int = CANDLES_KEPT,
        mark_every: timedelta = MARK_EVERY,
    ) -> None:
        if keep < 1:
            raise ValueError(f"the market view must keep at least one candle, got keep={keep}")
        self._market, self._clock, self._symbol, self._interval = market, clock, symbol, interval
        self._keep, self._mark_every = keep, mark_every
        self._candles: dict[datetime, Candle] = {}
        self._mark: tuple[Decimal, datetime] | None = None
        self._next_close: datetime | None = None
        self._klines_read_at: datetime | None = None
        self._rules: SymbolRules | None = None

    async def klines(self, symbol: str, interval: str, limit: int) -> list[Kline]:
        klines = await self._market.klines(symbol, interval, limit)
        if (symbol, interval) == (self._symbol, self._interval):
            self._remember(klines)
        return klines

    async def mark_price(self, symbol: str) -> Decimal:
        mark = await self._market.mark_price(symbol)
        if symbol == self._symbol:
            self._mark = (mark, self._clock.now())
        return mark

    async def symbol_rules(self, symbol: str) -> SymbolRules:
        rules = await self._market.symbol_rules(symbol)
        if symbol == self._symbol:
            self._rules = rules
        return rules

    async def refresh(self, now: datetime, slowed: bool = False) -> None:
        """Read the mark if older than mark_every, the klines if one closed unread (both rate limited).

        `slowed` (governor state SLOW, ADR 0033) doubles mark_every for both reads.
        """
        every = self._mark_every * 2 if slowed else self._mark_every
        if self._mark is None or now - self._mark[1] >= every:
            await self.mark_price(self._symbol)
        if self._klines_due(now, every):
            self._klines_read_at = now
            await self.klines(self._symbol, self._interval, self._keep + 1)

    def health_fields(self) -> dict[str, Any]:
        """The BotHealth fields that carry this view, oldest candle first."""
        mark, mark_at = self._mark if self._mark is not None else (None, None)
        candles = tuple(self._candles[key] for key in sorted(self._candles))
        steps = {} if self._rules is None else {"tick_size": self._rules.tick_size, "step_size": self._rules.step_size}
        return {"mark_price": mark, "mark_at": mark_at, "candle_interval": self._interval, "candles": candles, **steps}

    def _klines_due(self, now: datetime, every: timedelta) -> bool:
        unread = self._next_close is None or now > self._next_close
        recently = self._klines_read_at is not None and now - self._klines_read_at < every
        return unread and not recently

    def _remember(self, klines: list[Kline]) -> None:
        for kline in klines:
            if kline.closed:
                self._candles[kline.open_time] = Candle(kline.open_time, kline.open, kline.high, kline.low, kline.close)
        for stale in sorted(self._candles)[: -self._keep]:
            del self._candles[stale]
        if klines:
            last = klines[-1]
            self._next_close = last.close_time if not last.closed else None
