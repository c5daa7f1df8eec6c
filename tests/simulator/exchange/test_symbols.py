"""Symbol specs: the shipped XRPUSDT/BTCUSDT rules and the checks that refuse an inconsistent spec."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from adapters.simulator.exchange.symbols import BTCUSDT, XRPUSDT


def test_xrpusdt_uses_the_documented_filters_and_fees() -> None:
    assert (XRPUSDT.tick_size, XRPUSDT.step_size, XRPUSDT.min_qty, XRPUSDT.min_notional) == (
        D("0.0001"),
        D("0.1"),
        D("0.1"),
        D("5"),
    )
    assert (XRPUSDT.maker_rate, XRPUSDT.taker_rate) == (D("0.0002"), D("0.0005"))
    assert (XRPUSDT.price_precision, XRPUSDT.quantity_precision) == (4, 1)


def test_btcusdt_exposes_its_precisions_for_the_wire_layer() -> None:
    assert (BTCUSDT.price_precision, BTCUSDT.quantity_precision, BTCUSDT.tick_size) == (2, 3, D("0.10"))


@pytest.mark.parametrize("field", ["tick_size", "step_size", "min_qty", "min_notional"])
def test_a_spec_with_a_non_positive_grid_is_refused(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        replace(XRPUSDT, **{field: D("0")})


def test_a_default_leverage_above_the_maximum_is_refused() -> None:
    with pytest.raises(ValueError, match="default leverage 80"):
        replace(XRPUSDT, default_leverage=80)


def test_the_max_notional_value_is_the_cap_of_the_tier_that_allows_the_leverage() -> None:
    assert [BTCUSDT.max_notional_value(n) for n in (125, 101, 100, 1)] == [
        D("50000"),
        D("50000"),
        D("600000"),
        D("1800000000"),
    ]
