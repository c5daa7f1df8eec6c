"""LIMIT orders: the crossing part takes (up to the limit), the rest rests, expires (IOC) or is refused (FOK, GTX)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from adapters.simulator.errors import SimError
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.events import ExecutionType, OrderTradeUpdate
from adapters.simulator.exchange.orders import ExpiryReason
from adapters.simulator.exchange.vocabulary import OrderStatus
from tests.simulator.exchange.support import of_type


def test_a_gtc_limit_below_the_ask_rests_with_a_new_event_showing_its_notional(engine: MatchingEngine) -> None:
    order = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100"), D("0.4900"), "GTC")

    [update] = of_type(engine.drain_events(), OrderTradeUpdate)
    assert order.status is OrderStatus.NEW and engine.open_orders("XRPUSDT") == [order]
    assert update.execution_type is ExecutionType.NEW
    assert (update.bids_notional, update.asks_notional) == (D("49.0000"), D("0"))
    assert engine.oracle.trades == ()


def test_a_crossing_limit_takes_only_levels_up_to_its_price_and_rests_the_rest(engine: MatchingEngine) -> None:
    asks = engine.depth("XRPUSDT")[1]
    wanted = asks[0].qty + asks[1].qty + D("50")

    order = engine.place_order("XRPUSDT", "BUY", "LIMIT", wanted, asks[1].price, "GTC")

    assert [t.price for t in engine.oracle.trades] == [asks[0].price, asks[1].price]
    assert all(not t.maker for t in engine.oracle.trades)
    assert order.status is OrderStatus.PARTIALLY_FILLED and order.remaining == D("50")
    assert engine.open_orders("XRPUSDT") == [order]


def test_an_ioc_limit_expires_what_it_could_not_take(engine: MatchingEngine) -> None:
    best = engine.depth("XRPUSDT")[1][0]

    order = engine.place_order("XRPUSDT", "BUY", "LIMIT", best.qty + D("30"), best.price, "IOC")

    updates = of_type(engine.drain_events(), OrderTradeUpdate)
    assert order.status is OrderStatus.EXPIRED and order.executed_qty == best.qty
    assert order.expiry_reason is ExpiryReason.IOC_REMAINDER
    assert [u.execution_type for u in updates] == [ExecutionType.NEW, ExecutionType.TRADE, ExecutionType.EXPIRED]
    assert engine.open_orders() == []


def test_an_ioc_limit_that_cannot_take_anything_expires_unfilled(engine: MatchingEngine) -> None:
    order = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100"), D("0.4900"), "IOC")

    assert order.status is OrderStatus.EXPIRED and order.executed_qty == 0


def test_a_fok_limit_that_cannot_fill_entirely_is_refused_and_not_recorded(engine: MatchingEngine) -> None:
    best = engine.depth("XRPUSDT")[1][0]

    with pytest.raises(SimError) as raised:
        engine.place_order("XRPUSDT", "BUY", "LIMIT", best.qty + D("1"), best.price, "FOK")

    assert raised.value.code == -5021
    assert raised.value.msg == "Due to the order could not be filled immediately, the FOK order has been rejected."
    assert engine.oracle.orders == () and engine.oracle.trades == ()


def test_a_fok_limit_that_can_fill_entirely_fills(engine: MatchingEngine) -> None:
    asks = engine.depth("XRPUSDT")[1]

    order = engine.place_order("XRPUSDT", "BUY", "LIMIT", asks[0].qty + D("1"), asks[1].price, "FOK")

    assert order.status is OrderStatus.FILLED and len(engine.oracle.trades) == 2


def test_a_post_only_limit_that_would_take_is_refused(engine: MatchingEngine) -> None:
    with pytest.raises(SimError) as raised:
        engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100"), D("0.5001"), "GTX")

    assert raised.value.code == -5022
    assert raised.value.msg == "Due to the order could not be executed as maker, the Post Only order will be rejected."
    assert engine.oracle.orders == ()


def test_a_post_only_limit_at_the_bid_rests(engine: MatchingEngine) -> None:
    order = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100"), D("0.5000"), "GTX")

    assert order.status is OrderStatus.NEW


def test_a_resting_buy_fills_as_maker_at_its_own_price_when_the_last_price_reaches_it(engine: MatchingEngine) -> None:
    order = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100"), D("0.4900"), "GTC")

    engine.on_price("XRPUSDT", D("0.4850"))

    [trade] = engine.oracle.trades
    assert (trade.price, trade.qty, trade.maker) == (D("0.4900"), D("100"), True)
    assert engine.query_order("XRPUSDT", order.order_id).status is OrderStatus.FILLED


def test_a_resting_sell_waits_until_the_last_price_is_at_or_above_it(engine: MatchingEngine) -> None:
    order = engine.place_order("XRPUSDT", "SELL", "LIMIT", D("100"), D("0.5100"), "GTC")

    engine.on_price("XRPUSDT", D("0.5099"))
    untouched = engine.query_order("XRPUSDT", order.order_id).status
    engine.on_price("XRPUSDT", D("0.5100"))

    assert untouched is OrderStatus.NEW
    assert engine.query_order("XRPUSDT", order.order_id).status is OrderStatus.FILLED


def test_a_large_resting_order_fills_over_several_price_updates(engine: MatchingEngine) -> None:
    order = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("3000"), D("0.4900"), "GTC")
    statuses = []

    for _ in range(20):
        engine.on_price("XRPUSDT", D("0.4890"))
        statuses.append(engine.query_order("XRPUSDT", order.order_id).status)
        if statuses[-1] is OrderStatus.FILLED:
            break

    assert statuses[0] is OrderStatus.PARTIALLY_FILLED and statuses[-1] is OrderStatus.FILLED
    assert len(engine.oracle.trades) == len(statuses) > 2
    assert sum(t.qty for t in engine.oracle.trades) == D("3000")
    assert all(t.price == D("0.4900") and t.maker for t in engine.oracle.trades)


def test_the_higher_resting_buy_fills_first(engine: MatchingEngine) -> None:
    low = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100"), D("0.4800"), "GTC")
    high = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100"), D("0.4900"), "GTC")

    engine.on_price("XRPUSDT", D("0.4700"))

    assert [t.order_id for t in engine.oracle.trades] == [high.order_id, low.order_id]
