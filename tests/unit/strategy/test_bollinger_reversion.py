"""bollinger_reversion: a fresh close outside the bands is faded with a stop on the wider band, out at the mean."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.decisions import Enter, Exit
from domain.strategies.bollinger_reversion import BollingerReversion
from domain.strategy import StrategyParamError
from domain.values import Side
from tests.unit.strategy.contexts import context

SMALL = {"period": 4, "width": "1.5", "stop_width": "2"}
CALM = ("0.5000", "0.5100", "0.5000", "0.5100")


def strategy(**params: object) -> BollingerReversion:
    return BollingerReversion({**SMALL, **params})


class TestEntries:
    def test_a_close_below_the_lower_band_enters_long_with_the_stop_on_the_wider_band(self) -> None:
        # The last four closes 0.51 0.50 0.51 0.46: mean 0.495, variance 0.000425, lower band 0.495 − 1.5sd ≈ 0.4641
        [decision] = strategy().decide(context(*CALM, "0.4600"))
        assert isinstance(decision, Enter) and decision.side is Side.BUY and decision.entry_price is None
        assert decision.stop_price == Decimal("0.495") - 2 * Decimal("0.000425").sqrt()

    def test_a_close_above_the_upper_band_enters_short_with_the_stop_above(self) -> None:
        [decision] = strategy().decide(context(*CALM, "0.5500"))
        assert isinstance(decision, Enter) and decision.side is Side.SELL
        assert decision.stop_price == Decimal("0.5175") + 2 * Decimal("0.00036875").sqrt()

    def test_the_size_risks_risk_per_trade_of_equity_down_to_the_stop(self) -> None:
        [decision] = strategy(risk_per_trade="0.01").decide(context(*CALM, "0.4600", equity="10000"))
        assert isinstance(decision, Enter)
        risk = (Decimal("0.4600") - decision.stop_price) * decision.quantity
        assert risk.quantize(Decimal("0.000001")) == Decimal("100.000000")

    def test_a_close_already_beyond_the_stop_band_enters_nothing(self) -> None:
        assert strategy(stop_width="1.6").decide(context(*CALM, "0.4600")) == []

    def test_a_close_inside_the_bands_does_nothing(self) -> None:
        assert strategy().decide(context(*CALM, "0.5050")) == []

    def test_only_a_fresh_excursion_counts(self) -> None:
        assert strategy().decide(context(*CALM, "0.4600", "0.4300")) == []

    def test_flat_closes_have_no_bands_and_give_no_signal(self) -> None:
        assert strategy().decide(context(*("0.5000",) * 6)) == []

    def test_a_still_open_kline_outside_the_bands_does_not_count(self) -> None:
        assert strategy().decide(context(*CALM, open_close="0.4600")) == []

    def test_a_signal_the_way_already_held_does_nothing_and_one_against_it_reverses(self) -> None:
        assert strategy().decide(context(*CALM, "0.4600", position="100")) == []
        assert strategy().decide(context(*CALM, "0.4600", unresolved="100")) == []
        decisions = strategy().decide(context(*CALM, "0.4600", position="-100"))
        assert [type(d) for d in decisions] == [Exit, Enter]


class TestExits:
    def test_a_long_ends_when_a_close_reaches_the_middle_band(self) -> None:
        decisions = strategy().decide(context(*CALM, "0.4600", "0.5000", position="100"))
        assert [type(d) for d in decisions] == [Exit] and "middle band" in decisions[0].reason

    def test_a_short_ends_when_a_close_falls_to_the_middle_band(self) -> None:
        decisions = strategy().decide(context(*CALM, "0.5500", "0.5000", position="-100"))
        assert [type(d) for d in decisions] == [Exit]

    def test_a_long_below_the_middle_band_is_held(self) -> None:
        assert strategy().decide(context(*CALM, "0.4600", "0.4700", position="100")) == []

    def test_flat_at_the_middle_band_does_nothing(self) -> None:
        assert strategy().decide(context(*CALM, "0.4600", "0.5000")) == []


class TestParams:
    def test_defaults_are_twenty_closes_two_and_three_deviations(self) -> None:
        assert dict(BollingerReversion().params) == {
            "period": 20,
            "width": Decimal(2),
            "stop_width": Decimal(3),
            "risk_per_trade": Decimal("0.01"),
        }

    def test_the_stop_band_must_be_wider_than_the_entry_band(self) -> None:
        with pytest.raises(StrategyParamError, match=r"param 'stop_width' must be greater than width \(2\), got 2"):
            BollingerReversion({"width": "2", "stop_width": "2"})

    @pytest.mark.parametrize(
        ("param", "value", "problem"),
        [
            ("period", 1, "must be a whole number from 2 to 500"),
            ("width", "0.4", "must be a decimal from 0.5 to 5"),
            ("width", "NaN", "must be a decimal from 0.5 to 5"),
            ("stop_width", "11", "must be a decimal from 0.6 to 10"),
            ("stop_width", True, 'must be a decimal string like "10"'),
            ("risk_per_trade", "0", "must be greater than 0 and less than 1"),
        ],
    )
    def test_each_param_is_bounded_and_named(self, param: str, value: object, problem: str) -> None:
        with pytest.raises(StrategyParamError, match=f"param '{param}' {problem}"):
            BollingerReversion({**SMALL, param: value})
