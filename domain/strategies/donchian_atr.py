"""donchian_atr: the turtle breakout — trade a close beyond the Donchian channel, stop a multiple of the ATR away."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from typing import Any

from domain.decisions import Decision
from domain.reports import Kline
from domain.strategies.entries import act, held, sized_entry
from domain.strategies.indicators import average_true_range, highest_high, lowest_low
from domain.strategy import DecimalParam, FractionParam, IntParam, Strategy, StrategyContext
from domain.values import ZERO, Side

MAX_CHANNEL = 500


class DonchianAtr(Strategy):
    """Long when a closed kline closes above the highest high of the `channel` klines before it, short below the
    lowest low; out when a close crosses the shorter `exit_channel` the other way, reversed by the opposite breakout.

    Only a fresh breakout counts (the kline before was inside its own channel), so one breakout gives one signal.
    The protective stop sits atr_stop × ATR(atr_period) from the mark; the size risks risk_per_trade of equity on it.
    """

    NAME = "donchian_atr"
    PARAMS = MappingProxyType(
        {
            "channel": IntParam(20, minimum=2, maximum=MAX_CHANNEL),
            "exit_channel": IntParam(10, minimum=1, maximum=MAX_CHANNEL - 1),
            "atr_period": IntParam(14, minimum=1, maximum=MAX_CHANNEL),
            "atr_stop": DecimalParam("2", minimum="0.1", maximum="20"),
            "risk_per_trade": FractionParam("0.01"),
        }
    )

    def validate(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, exit_channel = params["channel"], params["exit_channel"]
        if exit_channel >= channel:
            raise self.error("exit_channel", f"must be smaller than channel ({channel}), got {exit_channel}")
        return params

    def klines_needed(self) -> int:
        # The channel before the last closed kline and before the one ahead of it, the ATR's ranges, the open kline
        return max(int(self.params["channel"]) + 2, int(self.params["atr_period"]) + 1) + 1

    def decide(self, ctx: StrategyContext) -> list[Decision]:
        closed = ctx.closed_klines
        if len(closed) < self.klines_needed() - 1:
            return []
        side = self.fresh_breakout(closed)
        exit_reason = self.exit_reason(closed, held(ctx))
        entry = None
        if side is not None:
            stop = ctx.mark_price - side.sign * self.params["atr_stop"] * average_true_range(
                closed, self.params["atr_period"]
            )
            reason = f"donchian {self.params['channel']} {side.value} breakout"
            entry = sized_entry(ctx, side, stop, self.params["risk_per_trade"], reason)
        return act(ctx, side, entry, exit_reason)

    def fresh_breakout(self, closed: tuple[Kline, ...]) -> Side | None:
        """BUY when the last close broke above the channel and the close before had not, SELL likewise below."""
        now, before = _beyond(closed, self.params["channel"]), _beyond(closed[:-1], self.params["channel"])
        return now if now is not None and now is not before else None

    def exit_reason(self, closed: tuple[Kline, ...], signed: Decimal) -> str | None:
        """Why a held position ends: its last close crossed the exit channel against it."""
        window = closed[-self.params["exit_channel"] - 1 : -1]
        close = closed[-1].close
        if signed > ZERO and close < lowest_low(window):
            return f"close below the {self.params['exit_channel']}-kline low"
        if signed < ZERO and close > highest_high(window):
            return f"close above the {self.params['exit_channel']}-kline high"
        return None


def _beyond(closed: tuple[Kline, ...], channel: int) -> Side | None:
    """Where the last close stands against the channel of the `channel` klines before it."""
    window, close = closed[-channel - 1 : -1], closed[-1].close
    if close > highest_high(window):
        return Side.BUY
    if close < lowest_low(window):
        return Side.SELL
    return None
