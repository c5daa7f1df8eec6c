"""Client order ids: unique among open orders only, auto-generated when absent, web-like for hand orders."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

from adapters.simulator.errors import SimError
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.vocabulary import OrderStatus


def test_reusing_the_client_id_of_an_open_order_is_minus_4116(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100"), D("0.4900"), "GTC", new_client_order_id="ae-1")

    with pytest.raises(SimError) as raised:
        engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100"), D("0.4800"), "GTC", new_client_order_id="ae-1")

    assert (raised.value.code, raised.value.msg) == (-4116, "ClientOrderId is duplicated.")
    assert len(engine.oracle.orders) == 1


def test_reusing_the_client_id_of_a_filled_order_places_a_second_order(engine: MatchingEngine) -> None:
    first = engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"), new_client_order_id="ae-1")

    second = engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"), new_client_order_id="ae-1")

    assert first.status is OrderStatus.FILLED and second.status is OrderStatus.FILLED
    assert second.order_id > first.order_id
    assert [o.client_order_id for o in engine.oracle.orders] == ["ae-1", "ae-1"]


def test_reusing_the_client_id_of_a_cancelled_order_is_accepted(engine: MatchingEngine) -> None:
    first = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100"), D("0.4900"), "GTC", new_client_order_id="ae-1")
    engine.cancel_order("XRPUSDT", order_id=first.order_id)

    second = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100"), D("0.4900"), "GTC", new_client_order_id="ae-1")

    assert second.status is OrderStatus.NEW and second.order_id != first.order_id


def test_an_order_without_client_id_gets_a_22_character_binance_like_one(engine: MatchingEngine) -> None:
    order = engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))

    assert re.fullmatch(r"[A-Za-z0-9]{22}", order.client_order_id)
    assert order.by_hand is False


def test_an_order_placed_by_hand_gets_a_web_client_id_and_is_marked_in_the_oracle(engine: MatchingEngine) -> None:
    order = engine.place_order("XRPUSDT", "SELL", "LIMIT", D("100"), D("0.5100"), "GTC", by_hand=True)

    assert re.fullmatch(r"web_[A-Za-z0-9]{20}", order.client_order_id)
    assert engine.oracle.orders[0].by_hand is True


def test_a_hand_order_keeps_a_client_id_it_was_given(engine: MatchingEngine) -> None:
    order = engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"), new_client_order_id="mine", by_hand=True)

    assert order.client_order_id == "mine" and order.by_hand
