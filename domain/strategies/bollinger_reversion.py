"""bollinger_reversion: fade a close outside the Bollinger bands, back to the middle band, stopped at a wider band."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from domain.decisions import Decision
from domain.strategies.entries import act, held, sized_entry
from domain.strategies.indicators import mean_and_deviation
from domain.strategy import DecimalParam, FractionParam, IntParam, Strategy, StrategyContext
from domain.values import ZERO, Side

MAX_PERIOD = 500


class BollingerReversion(Strategy):
    """Long when a closed kline closes below the lower band (mean − width·sd of the last `period` closes), short above
    the upper band; out when a close reaches the middle band (the mean).

    Only a fresh excursion counts (the close before was inside its bands). The protective stop sits on the wider band
    stop_width·sd from the mean; a close already beyond it enters nothing. The size risks risk_per_trade of equity.
    """

    NAME = "bollinger_reversion"
    PARAMS = MappingProxyType(
        {
            "period": IntParam(20, minimum=2, maximum=MAX_PERIOD),
            "width": DecimalParam("2", minimum="0.5", maximum="5"),
            "stop_width": DecimalParam("3", minimum="0.6", maximum="10"),
            "risk_per_trade": FractionParam("0.01"),
        }
    )

    def validate(self, params: dict[str, Any]) -> dict[str, Any]:
        width, stop_width = params["width"], params["stop_width"]
        if stop_width <= width:
            raise self.error("stop_width", f"must be greater than width ({width}), got {stop_width}")
        return params

    def klines_needed(self) -> int:
        # The bands now and one closed kline earlier, plus a still-open last kline
        return int(self.params["period"]) + 2

    def decide(self, ctx: StrategyContext) -> list[Decision]:
        closes = [kline.close for kline in ctx.closed_klines]
        period = int(self.params["period"])
        if len(closes) < period + 1:
            return []
        mean, deviation = mean_and_deviation(closes[-period:])
        side = self.fresh_excursion(closes)
        signed = held(ctx)
        close = closes[-1]
        exit_reason = (
            "close back at the middle band"
            if (signed > ZERO and close >= mean) or (signed < ZERO and close <= mean)
            else None
        )
        entry = None
        if side is not None:
            stop = mean - side.sign * self.params["stop_width"] * deviation
            reason = f"bollinger {period}/{self.params['width']} {side.value} reversion"
            entry = sized_entry(ctx, side, stop, self.params["risk_per_trade"], reason)
        return act(ctx, side, entry, exit_reason)

    def fresh_excursion(self, closes: Sequence[Decimal]) -> Side | None:
        """BUY when the last close fell below the lower band and the close before was not below its own, SELL above."""
        now, before = self._outside(closes), self._outside(closes[:-1])
        return now if now is not None and now is not before else None

    def _outside(self, closes: Sequence[Decimal]) -> Side | None:
        """The side to fade when the last close is outside the bands of the `period` closes ending with it."""
        period = int(self.params["period"])
        if len(closes) < period:
            return None
        mean, deviation = mean_and_deviation(closes[-period:])
        band = self.params["width"] * deviation
        if deviation > ZERO and closes[-1] < mean - band:
            return Side.BUY
        if deviation > ZERO and closes[-1] > mean + band:
            return Side.SELL
        return None
