"""Hedge Mode is a setting the owner can switch as Binance allows; while it is on, one-way orders are refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.simulator.errors import SimError
from adapters.simulator.exchange.engine import MatchingEngine


def code_of(call, *args, **kwargs) -> int:
    with pytest.raises(SimError) as refused:
        call(*args, **kwargs)
    return refused.value.error.code


def test_switching_needs_no_open_order_and_no_position(engine: MatchingEngine) -> None:
    resting = engine.place_order("XRPUSDT", "BUY", "LIMIT", Decimal("20"), Decimal("0.4000"), "GTC")
    with_order = code_of(engine.set_position_mode, hedge=True)
    engine.cancel_order("XRPUSDT", resting.order_id)
    engine.place_order("XRPUSDT", "BUY", "MARKET", Decimal("20"))
    with_position = code_of(engine.set_position_mode, hedge=True)

    assert (with_order, with_position) == (-4067, -4068)
    assert engine.hedge_mode is False


def test_in_hedge_mode_regular_and_algo_orders_are_refused_with_minus_4061(engine: MatchingEngine) -> None:
    engine.set_position_mode(hedge=True)

    regular = code_of(engine.place_order, "XRPUSDT", "BUY", "MARKET", Decimal("20"))
    algo = code_of(engine.place_algo_order, "XRPUSDT", "SELL", "STOP_MARKET", Decimal("0.4000"), Decimal("20"))

    assert (regular, algo, engine.hedge_mode) == (-4061, -4061, True)


def test_asking_for_the_mode_already_set_is_minus_4059(engine: MatchingEngine) -> None:
    assert code_of(engine.set_position_mode, hedge=False) == -4059
