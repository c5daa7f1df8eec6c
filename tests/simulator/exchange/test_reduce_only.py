"""reduceOnly: refused when nothing can be reduced, never fills beyond the position, knocked out when flat."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from adapters.simulator.errors import SimError
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.orders import ExpiryReason
from adapters.simulator.exchange.vocabulary import OrderStatus


def test_a_reduce_only_order_while_flat_is_minus_2022(engine: MatchingEngine) -> None:
    with pytest.raises(SimError) as raised:
        engine.place_order("XRPUSDT", "SELL", "MARKET", D("100"), reduce_only=True)

    assert (raised.value.code, raised.value.msg) == (-2022, "ReduceOnly Order is rejected.")


def test_a_reduce_only_order_on_the_side_of_the_position_is_minus_2022(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))

    with pytest.raises(SimError) as raised:
        engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"), reduce_only=True)

    assert raised.value.code == -2022


def test_a_reduce_only_market_larger_than_the_position_fills_the_position_and_expires_the_rest(
    engine: MatchingEngine,
) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))

    order = engine.place_order("XRPUSDT", "SELL", "MARKET", D("250"), reduce_only=True)

    assert order.executed_qty == D("100") and order.status is OrderStatus.EXPIRED
    assert order.expiry_reason is ExpiryReason.REDUCE_ONLY
    assert engine.oracle.position("XRPUSDT").amount == 0


def test_a_reduce_only_order_is_exempt_from_min_notional(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))

    order = engine.place_order("XRPUSDT", "SELL", "MARKET", D("2"), reduce_only=True)

    assert order.status is OrderStatus.FILLED


def test_a_resting_reduce_only_order_expires_once_another_order_closes_the_position(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
    take_profit = engine.place_order("XRPUSDT", "SELL", "LIMIT", D("100"), D("0.5200"), "GTC", reduce_only=True)

    engine.place_order("XRPUSDT", "SELL", "MARKET", D("100"))

    knocked_out = engine.query_order("XRPUSDT", take_profit.order_id)
    assert knocked_out.status is OrderStatus.EXPIRED and knocked_out.expiry_reason is ExpiryReason.REDUCE_ONLY


def test_a_resting_reduce_only_order_fills_no_more_than_the_position(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
    order = engine.place_order("XRPUSDT", "SELL", "LIMIT", D("300"), D("0.5200"), "GTC", reduce_only=True)

    engine.on_price("XRPUSDT", D("0.5300"))

    done = engine.query_order("XRPUSDT", order.order_id)
    assert done.executed_qty == D("100") and done.status is OrderStatus.EXPIRED
    assert engine.oracle.position("XRPUSDT").amount == 0
