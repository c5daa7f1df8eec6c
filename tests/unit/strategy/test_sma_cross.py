"""sma_cross: fresh crosses of closed-kline averages become entries with stops, exits and reversals."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from domain.decisions import Enter, Exit
from domain.strategies.sma_cross import SmaCross
from domain.strategy import StrategyParamError
from domain.values import Side
from tests.unit.strategy.contexts import context

FAST_SLOW = {"fast": 2, "slow": 4}
FLAT = ("0.5000",) * 5


def strategy(**params: object) -> SmaCross:
    return SmaCross({**FAST_SLOW, **params})


class TestSignals:
    def test_a_golden_cross_on_the_last_closed_kline_enters_long_with_a_stop_below(self) -> None:
        [decision] = strategy().decide(context(*FLAT, "0.5200"))
        assert isinstance(decision, Enter)
        assert decision.side is Side.BUY and decision.entry_price is None
        assert decision.stop_price == Decimal("0.5200") * Decimal("0.99")

    def test_a_death_cross_enters_short_with_a_stop_above(self) -> None:
        [decision] = strategy().decide(context(*FLAT, "0.4800"))
        assert isinstance(decision, Enter) and decision.side is Side.SELL
        assert decision.stop_price == Decimal("0.4800") * Decimal("1.01")

    def test_the_size_risks_risk_per_trade_of_equity_down_to_the_stop(self) -> None:
        [decision] = strategy(risk_per_trade="0.01").decide(context(*FLAT, "0.5200", equity="10000"))
        assert isinstance(decision, Enter)
        risk = abs(Decimal("0.5200") - decision.stop_price) * decision.quantity
        assert risk.quantize(Decimal("0.000001")) == Decimal("100.000000")

    def test_a_cross_against_a_short_position_exits_first_then_enters_long(self) -> None:
        decisions = strategy().decide(context(*FLAT, "0.5200", position="-300"))
        assert [type(d) for d in decisions] == [Exit, Enter]
        assert decisions[1].side is Side.BUY  # type: ignore[union-attr]

    def test_a_cross_in_the_direction_already_held_does_nothing(self) -> None:
        assert strategy().decide(context(*FLAT, "0.5200", position="300")) == []

    def test_an_entry_with_an_unknown_outcome_counts_as_held(self) -> None:
        # ADR 0048: the earlier BUY may already be filled; the opposite cross takes it off before reversing
        assert strategy().decide(context(*FLAT, "0.5200", unresolved="300")) == []
        assert [type(d) for d in strategy().decide(context(*FLAT, "0.4800", unresolved="300"))] == [Exit, Enter]

    def test_a_cross_that_happened_before_the_last_closed_kline_is_not_acted_on_again(self) -> None:
        assert strategy().decide(context(*FLAT, "0.5200", "0.5300")) == []

    def test_a_still_open_kline_that_crosses_does_not_count(self) -> None:
        assert strategy().decide(context(*FLAT, open_close="0.5200")) == []

    def test_too_few_closed_klines_give_no_signal(self) -> None:
        assert strategy().decide(context("0.5000", "0.5000", "0.5000", "0.5200")) == []

    def test_no_equity_means_no_entry(self) -> None:
        assert strategy().decide(context(*FLAT, "0.5200", equity="0")) == []


class TestParams:
    def test_defaults_are_ten_and_twenty(self) -> None:
        assert dict(SmaCross().params) == {
            "fast": 10,
            "slow": 20,
            "stop_pct": Decimal("0.01"),
            "risk_per_trade": Decimal("0.01"),
        }

    def test_an_unknown_param_is_named(self) -> None:
        with pytest.raises(StrategyParamError, match="param 'fsat' is unknown"):
            SmaCross({"fsat": 3})

    def test_fast_must_be_smaller_than_slow(self) -> None:
        with pytest.raises(StrategyParamError, match=r"param 'fast' must be smaller than slow \(5\), got 5"):
            SmaCross({"fast": 5, "slow": 5})

    @pytest.mark.parametrize("value", [2.5, "3", True, 0])
    def test_a_period_must_be_a_positive_whole_number(self, value: object) -> None:
        with pytest.raises(StrategyParamError, match="strategy 'sma_cross': param 'fast'"):
            SmaCross({"fast": value})

    @pytest.mark.parametrize("value", [0.01, "abc", "0", "1.5"])
    def test_a_fraction_must_be_a_decimal_between_zero_and_one(self, value: object) -> None:
        with pytest.raises(StrategyParamError, match="param 'stop_pct'"):
            SmaCross({"stop_pct": value})

    @pytest.mark.parametrize(
        ("params", "problem"),
        [
            ({"slow": 1001}, "param 'slow' must be a whole number from 2 to 1000, got 1001"),
            ({"fast": 10**400}, "param 'fast' must be a whole number from 1 to 999, got a number too large to show"),
            ({"stop_pct": "1e-999999999"}, "param 'stop_pct' must have at most 8 decimal places, got '1e-999999999'"),
            ({"stop_pct": "NaN"}, "param 'stop_pct' must be greater than 0 and less than 1, got 'NaN'"),
            ({"risk_per_trade": "0." + "1" * 40}, "param 'risk_per_trade' must be a decimal string like"),
        ],
    )
    def test_every_param_is_bounded_by_its_declaration_before_it_is_expanded(
        self,
        params: dict[str, object],
        problem: str,
    ) -> None:
        with pytest.raises(StrategyParamError, match=re.escape(problem)):
            SmaCross(params)

    def test_the_declaration_gives_the_defaults(self) -> None:
        assert SmaCross.defaults() == {"fast": 10, "slow": 20, "stop_pct": "0.01", "risk_per_trade": "0.01"}

    def test_trailing_zeros_do_not_count_as_places(self) -> None:
        assert SmaCross({"stop_pct": "0.0100000000000"}).params["stop_pct"] == Decimal("0.01")

    def test_klines_needed_covers_the_slow_average_one_kline_back_and_the_open_kline(self) -> None:
        assert strategy().klines_needed() == 6

    def test_the_params_a_strategy_sees_cannot_be_changed(self) -> None:
        ctx = context(*FLAT, "0.5200", params={"fast": 2})
        with pytest.raises(TypeError):
            ctx.params["fast"] = 3  # type: ignore[index]
