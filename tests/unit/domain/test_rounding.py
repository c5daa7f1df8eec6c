"""Rounding to the exchange grid: quantities down, prices to the nearest tick, stops away from the entry."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.rounding import round_price, round_quantity, round_stop

D = Decimal


@pytest.mark.parametrize(
    ("quantity", "step", "expected"),
    [("1.99", "0.1", "1.9"), ("2", "0.1", "2.0"), ("0.09", "0.1", "0.0"), ("123.456", "1", "123"), ("7", "5", "5")],
)
def test_a_quantity_is_rounded_down_to_the_step(quantity: str, step: str, expected: str) -> None:
    assert round_quantity(D(quantity), D(step)) == D(expected)


@pytest.mark.parametrize(("price", "expected"), [("0.51234", "0.5123"), ("0.51235", "0.5124"), ("0.51236", "0.5124")])
def test_a_price_is_rounded_to_the_nearest_tick_halves_up(price: str, expected: str) -> None:
    assert round_price(D(price), D("0.0001")) == D(expected)


def test_a_stop_below_the_entry_is_rounded_down() -> None:
    assert round_stop(D("0.45009"), D("0.5"), D("0.0001")) == D("0.4500")


def test_a_stop_above_the_entry_is_rounded_up() -> None:
    assert round_stop(D("0.54991"), D("0.5"), D("0.0001")) == D("0.5500")


def test_a_value_already_on_the_grid_is_unchanged() -> None:
    assert round_stop(D("0.4500"), D("0.5"), D("0.0001")) == D("0.45")


@pytest.mark.parametrize("step", ["0", "-0.1", "NaN"])
def test_a_grid_that_is_not_positive_is_refused(step: str) -> None:
    with pytest.raises(ValueError, match="step size must be a positive decimal"):
        round_quantity(D("1"), D(step))


def test_a_rounded_value_carries_exactly_the_grids_decimals() -> None:
    assert str(round_quantity(D("200"), D("0.1"))) == "200.0"
    assert str(round_price(D("0.5"), D("0.0001"))) == "0.5000"
    assert str(round_quantity(D("7.9"), D("1"))) == "7"
