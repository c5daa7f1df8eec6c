"""sma_cross: trade fresh crosses of a fast and a slow simple moving average of closed klines."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from domain.decisions import Decision, Enter
from domain.strategies.entries import act, sized_entry
from domain.strategy import FractionParam, IntParam, Strategy, StrategyContext
from domain.values import ZERO, Side

MAX_SLOW = 1000


class SmaCross(Strategy):
    """Long on a fresh golden cross, short on a fresh death cross, reversing an opposite position.

    Acts only when the cross happened on the latest closed kline, so one cross gives one signal:
    once that kline is acted on (or the position is closed by hand), nothing happens until the next cross.
    The stop sits stop_pct away from the mark; the size risks risk_per_trade of equity down to the stop.
    """

    NAME = "sma_cross"
    # slow + 2 klines are read every tick: the bound keeps that one REST request (Binance serves up to 1500)
    PARAMS = MappingProxyType(
        {
            "fast": IntParam(10, minimum=1, maximum=MAX_SLOW - 1),
            "slow": IntParam(20, minimum=2, maximum=MAX_SLOW),
            "stop_pct": FractionParam("0.01"),
            "risk_per_trade": FractionParam("0.01"),
        }
    )

    def validate(self, params: dict[str, Any]) -> dict[str, Any]:
        fast, slow = params["fast"], params["slow"]
        if fast >= slow:
            raise self.error("fast", f"must be smaller than slow ({slow}), got {fast}")
        return params

    def klines_needed(self) -> int:
        # The slow average now and one closed kline earlier, plus a still-open last kline
        return int(self.params["slow"]) + 2

    def decide(self, ctx: StrategyContext) -> list[Decision]:
        side = self.fresh_cross([kline.close for kline in ctx.closed_klines])
        if side is None:
            return []
        return act(ctx, side, self.entry(ctx, side), f"{side.value} cross reverses the position")

    def fresh_cross(self, closes: Sequence[Decimal]) -> Side | None:
        """BUY if fast crossed above slow on the last close, SELL if below, else None."""
        fast, slow = int(self.params["fast"]), int(self.params["slow"])
        if len(closes) < slow + 1:
            return None
        before = _sma(closes[:-1], fast) - _sma(closes[:-1], slow)
        now = _sma(closes, fast) - _sma(closes, slow)
        if before <= ZERO < now:
            return Side.BUY
        if before >= ZERO > now:
            return Side.SELL
        return None

    def entry(self, ctx: StrategyContext, side: Side) -> Enter | None:
        stop_pct: Decimal = self.params["stop_pct"]
        stop = ctx.mark_price * (1 - stop_pct * side.sign)
        reason = f"sma {self.params['fast']}/{self.params['slow']} {side.value} cross"
        return sized_entry(ctx, side, stop, self.params["risk_per_trade"], reason)


def _sma(values: Sequence[Decimal], length: int) -> Decimal:
    window = values[-length:]
    return sum(window, ZERO) / len(window)
