"""Query, cancel and list regular orders, by orderId or origClientOrderId, with Binance's -2013 / -2011."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from adapters.memory.clock import ManualClock
from adapters.simulator.errors import SimError
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.events import ExecutionType, OrderTradeUpdate
from adapters.simulator.exchange.vocabulary import OrderStatus
from tests.simulator.exchange.support import of_type


def _resting(engine: MatchingEngine, client_id: str | None = None, price: str = "0.4900") -> int:
    return engine.place_order(
        "XRPUSDT", "BUY", "LIMIT", D("100"), D(price), "GTC", new_client_order_id=client_id
    ).order_id


def test_an_order_is_found_by_id_and_by_client_id(engine: MatchingEngine) -> None:
    order_id = _resting(engine, "ae-1")

    assert engine.query_order("XRPUSDT", order_id=order_id).client_order_id == "ae-1"
    assert engine.query_order("XRPUSDT", orig_client_order_id="ae-1").order_id == order_id


@pytest.mark.parametrize("lookup", [{"order_id": 123}, {"orig_client_order_id": "nope"}])
def test_querying_an_unknown_order_is_minus_2013(engine: MatchingEngine, lookup: dict[str, object]) -> None:
    with pytest.raises(SimError) as raised:
        engine.query_order("XRPUSDT", **lookup)  # type: ignore[arg-type]

    assert (raised.value.code, raised.value.msg) == (-2013, "Order does not exist.")


def test_an_order_of_another_symbol_is_not_found(engine: MatchingEngine) -> None:
    order_id = _resting(engine)

    with pytest.raises(SimError):
        engine.query_order("BTCUSDT", order_id=order_id)


def test_a_reused_client_id_finds_the_most_recent_order(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"), new_client_order_id="ae-1")
    second = engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"), new_client_order_id="ae-1")

    assert engine.query_order("XRPUSDT", orig_client_order_id="ae-1").order_id == second.order_id


def test_query_open_order_does_not_return_a_filled_order(engine: MatchingEngine) -> None:
    filled = engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))

    with pytest.raises(SimError) as raised:
        engine.query_open_order("XRPUSDT", order_id=filled.order_id)

    assert raised.value.code == -2013


def test_cancelling_an_open_order_closes_it_and_announces_it(engine: MatchingEngine) -> None:
    order_id = _resting(engine, "ae-1")
    engine.drain_events()

    cancelled = engine.cancel_order("XRPUSDT", orig_client_order_id="ae-1")

    [update] = of_type(engine.drain_events(), OrderTradeUpdate)
    assert cancelled.order_id == order_id and cancelled.status is OrderStatus.CANCELED
    assert (update.execution_type, update.order.status, update.bids_notional) == (
        ExecutionType.CANCELED,
        OrderStatus.CANCELED,
        0,
    )
    assert engine.open_orders() == []


@pytest.mark.parametrize("closed", ["filled", "cancelled", "unknown"])
def test_cancelling_a_closed_or_unknown_order_is_minus_2011(engine: MatchingEngine, closed: str) -> None:
    if closed == "filled":
        order_id = engine.place_order("XRPUSDT", "BUY", "MARKET", D("100")).order_id
    elif closed == "cancelled":
        order_id = _resting(engine)
        engine.cancel_order("XRPUSDT", order_id=order_id)
    else:
        order_id = 42

    with pytest.raises(SimError) as raised:
        engine.cancel_order("XRPUSDT", order_id=order_id)

    assert (raised.value.code, raised.value.msg) == (-2011, "Unknown order sent.")


def test_a_lookup_needs_an_order_id_or_a_client_id(engine: MatchingEngine) -> None:
    with pytest.raises(SimError) as raised:
        engine.query_order("XRPUSDT")

    assert raised.value.code == -1102


def test_cancel_all_cancels_the_symbols_regular_orders_only(engine: MatchingEngine) -> None:
    xrp = [_resting(engine), _resting(engine, price="0.4800")]
    btc = engine.place_order("BTCUSDT", "BUY", "LIMIT", D("0.002"), D("59000.00"), "GTC").order_id
    algo = engine.place_algo_order("XRPUSDT", "BUY", "STOP_MARKET", D("0.6000"), quantity=D("100"))

    cancelled = engine.cancel_all("XRPUSDT")

    assert [o.order_id for o in cancelled] == xrp
    assert [o.order_id for o in engine.open_orders()] == [btc]
    assert engine.open_algo_orders("XRPUSDT") == [engine.query_algo(algo.algo_id)]


def test_open_orders_lists_open_orders_per_symbol_in_acceptance_order(engine: MatchingEngine) -> None:
    first, second = _resting(engine), _resting(engine, price="0.4800")
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))

    assert [o.order_id for o in engine.open_orders("XRPUSDT")] == [first, second]
    assert engine.open_orders("BTCUSDT") == []


def test_all_orders_lists_every_state_and_pages_by_order_id(engine: MatchingEngine) -> None:
    ids = [_resting(engine), engine.place_order("XRPUSDT", "BUY", "MARKET", D("100")).order_id, _resting(engine)]

    assert [o.order_id for o in engine.all_orders("XRPUSDT")] == ids
    assert [o.order_id for o in engine.all_orders("XRPUSDT", order_id=ids[1])] == ids[1:]
    assert [o.order_id for o in engine.all_orders("XRPUSDT", limit=2)] == ids[1:]
    assert [o.order_id for o in engine.all_orders("XRPUSDT", order_id=ids[0], limit=1)] == ids[:1]


def test_all_orders_filters_by_creation_time() -> None:
    clock = ManualClock()
    engine = MatchingEngine(clock)
    engine.on_price("XRPUSDT", D("0.5000"))
    early = _resting(engine)
    clock.advance(60)
    late = _resting(engine)
    late_time = engine.query_order("XRPUSDT", order_id=late).time

    assert [o.order_id for o in engine.all_orders("XRPUSDT", start_time=late_time)] == [late]
    assert [o.order_id for o in engine.all_orders("XRPUSDT", end_time=late_time - 1)] == [early]


def test_a_limit_outside_1_to_1000_is_refused(engine: MatchingEngine) -> None:
    with pytest.raises(SimError) as raised:
        engine.all_orders("XRPUSDT", limit=1001)

    assert (raised.value.code, raised.value.msg) == (-1130, "Data sent for parameter 'limit' is not valid.")
