"""donchian_atr: a fresh close beyond the channel enters with an ATR stop; the exit channel and reversals end it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.decisions import Enter, Exit
from domain.strategies.donchian_atr import DonchianAtr
from domain.strategy import StrategyParamError
from domain.values import Side
from tests.unit.strategy.contexts import context

SMALL = {"channel": 4, "exit_channel": 2, "atr_period": 3, "atr_stop": "2"}
# Flat closes with highs and lows 0.01 around them: every true range is 0.02, so the ATR is 0.02
FLAT = ("0.5000",) * 6
SPREAD = "0.01"


def strategy(**params: object) -> DonchianAtr:
    return DonchianAtr({**SMALL, **params})


class TestBreakouts:
    def test_a_close_above_the_channel_high_enters_long_with_a_stop_two_atr_below(self) -> None:
        [decision] = strategy().decide(context(*FLAT, "0.5200", spread=SPREAD))
        assert isinstance(decision, Enter) and decision.side is Side.BUY and decision.entry_price is None
        # The breakout kline's true range is its high 0.5300 over the close before, 0.5000: (0.02 + 0.02 + 0.03) / 3
        atr = (Decimal("0.02") + Decimal("0.02") + Decimal("0.03")) / 3
        assert decision.stop_price == Decimal("0.5200") - 2 * atr

    def test_a_close_below_the_channel_low_enters_short_with_the_stop_above(self) -> None:
        [decision] = strategy().decide(context(*FLAT, "0.4800", spread=SPREAD))
        assert isinstance(decision, Enter) and decision.side is Side.SELL
        assert decision.stop_price > Decimal("0.4800")

    def test_the_size_risks_risk_per_trade_of_equity_down_to_the_stop(self) -> None:
        [decision] = strategy(risk_per_trade="0.02").decide(context(*FLAT, "0.5200", spread=SPREAD, equity="5000"))
        assert isinstance(decision, Enter)
        risk = (Decimal("0.5200") - decision.stop_price) * decision.quantity
        assert risk.quantize(Decimal("0.000001")) == Decimal("100.000000")

    def test_a_close_inside_the_channel_does_nothing(self) -> None:
        assert strategy().decide(context(*FLAT, "0.5050", spread=SPREAD)) == []

    def test_only_a_fresh_breakout_counts_not_the_kline_after_it(self) -> None:
        assert strategy().decide(context(*FLAT, "0.5200", "0.5400", spread=SPREAD)) == []

    def test_a_breakout_the_way_already_held_does_nothing(self) -> None:
        assert strategy().decide(context(*FLAT, "0.5200", spread=SPREAD, position="100")) == []
        assert strategy().decide(context(*FLAT, "0.5200", spread=SPREAD, unresolved="100")) == []

    def test_a_breakout_against_the_position_exits_then_reverses(self) -> None:
        decisions = strategy().decide(context(*FLAT, "0.5200", spread=SPREAD, position="-100"))
        assert [type(d) for d in decisions] == [Exit, Enter]
        assert decisions[1].side is Side.BUY  # type: ignore[union-attr]

    def test_no_equity_means_no_entry(self) -> None:
        assert strategy().decide(context(*FLAT, "0.5200", equity="0", spread=SPREAD)) == []

    def test_a_still_open_kline_beyond_the_channel_does_not_count(self) -> None:
        assert strategy().decide(context(*FLAT, open_close="0.5200", spread=SPREAD)) == []

    def test_too_few_closed_klines_give_no_signal(self) -> None:
        assert strategy().decide(context("0.5000", "0.5000", "0.5000", "0.5000", "0.5200", spread=SPREAD)) == []


class TestExits:
    def test_a_long_ends_when_a_close_falls_below_the_exit_channel_low(self) -> None:
        decisions = strategy().decide(context(*FLAT, "0.5200", "0.5300", "0.4950", spread=SPREAD, position="100"))
        assert [type(d) for d in decisions] == [Exit]
        assert "2-kline low" in decisions[0].reason

    def test_a_short_ends_when_a_close_rises_above_the_exit_channel_high(self) -> None:
        decisions = strategy().decide(context(*FLAT, "0.4800", "0.4700", "0.5000", spread=SPREAD, position="-100"))
        assert [type(d) for d in decisions] == [Exit]

    def test_a_long_inside_the_exit_channel_is_held(self) -> None:
        assert strategy().decide(context(*FLAT, "0.5200", "0.5300", "0.5250", spread=SPREAD, position="100")) == []

    def test_flat_with_an_exit_signal_does_nothing(self) -> None:
        assert strategy().decide(context(*FLAT, "0.5200", "0.5300", "0.5250", spread=SPREAD)) == []


class TestParams:
    def test_defaults_are_the_classic_twenty_ten_fourteen_and_two_atr(self) -> None:
        assert dict(DonchianAtr().params) == {
            "channel": 20,
            "exit_channel": 10,
            "atr_period": 14,
            "atr_stop": Decimal(2),
            "risk_per_trade": Decimal("0.01"),
        }

    def test_the_exit_channel_must_be_shorter_than_the_entry_channel(self) -> None:
        with pytest.raises(StrategyParamError, match=r"param 'exit_channel' must be smaller than channel \(4\), got 4"):
            DonchianAtr({**SMALL, "exit_channel": 4})

    @pytest.mark.parametrize(
        ("param", "value", "problem"),
        [
            ("channel", 1, "must be a whole number from 2 to 500"),
            ("channel", 501, "must be a whole number from 2 to 500"),
            ("atr_period", 2.5, "must be a whole number from 1 to 500"),
            ("atr_stop", "0.05", "must be a decimal from 0.1 to 20"),
            ("atr_stop", 21, "must be a decimal from 0.1 to 20"),
            ("atr_stop", 2.0, 'must be a decimal string like "20"'),
            ("atr_stop", "1.123456789", "must have at most 8 decimal places"),
            ("risk_per_trade", "1", "must be greater than 0 and less than 1"),
        ],
    )
    def test_each_param_is_bounded_and_named(self, param: str, value: object, problem: str) -> None:
        with pytest.raises(StrategyParamError, match=f"param '{param}' {problem}"):
            DonchianAtr({**SMALL, param: value})

    def test_the_klines_asked_for_cover_both_channels_and_the_atr(self) -> None:
        assert strategy().klines_needed() == 7
        assert strategy(atr_period=30).klines_needed() == 32
