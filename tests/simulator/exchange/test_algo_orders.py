"""Conditional orders through the Algo Service: checks, trigger rules, NEW → TRIGGERING → TRIGGERED → FINISHED."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

from adapters.simulator.errors import SimError
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.events import AlgoUpdate, ExecutionType, OrderTradeUpdate
from adapters.simulator.exchange.orders import ExpiryReason, WorkingType
from adapters.simulator.exchange.vocabulary import OrderStatus, OrderType, Side
from tests.simulator.exchange.support import ODD, make_engine, names, of_type


def _algo_statuses(engine: MatchingEngine) -> list[OrderStatus]:
    return [event.algo.status for event in of_type(engine.drain_events(), AlgoUpdate)]


def test_a_placed_algo_order_is_new_and_announced(engine: MatchingEngine) -> None:
    algo = engine.place_algo_order(
        "XRPUSDT", "SELL", "STOP_MARKET", D("0.4800"), quantity=D("100"), client_algo_id="ae-sl"
    )

    [event] = engine.drain_events()
    assert isinstance(event, AlgoUpdate) and event.algo == algo
    assert (algo.status, algo.order_type, algo.working_type, algo.algo_type) == (
        OrderStatus.NEW,
        OrderType.STOP_MARKET,
        WorkingType.CONTRACT_PRICE,
        "CONDITIONAL",
    )
    assert algo.algo_id > 10**15 and algo.actual_order_id is None
    assert engine.open_algo_orders("XRPUSDT") == [algo] and engine.open_orders() == []


def test_an_algo_order_without_client_id_gets_one(engine: MatchingEngine) -> None:
    algo = engine.place_algo_order("XRPUSDT", "SELL", "STOP_MARKET", D("0.4800"), quantity=D("100"))

    assert re.fullmatch(r"[A-Za-z0-9]{22}", algo.client_algo_id)


@pytest.mark.parametrize(
    ("side", "order_type", "trigger"),
    [
        ("BUY", "STOP_MARKET", "0.4900"),
        ("SELL", "STOP_MARKET", "0.5100"),
        ("BUY", "TAKE_PROFIT_MARKET", "0.5100"),
        ("SELL", "TAKE_PROFIT_MARKET", "0.4900"),
    ],
)
def test_an_algo_order_that_would_trigger_at_once_is_minus_2021(
    engine: MatchingEngine,
    side: str,
    order_type: str,
    trigger: str,
) -> None:
    with pytest.raises(SimError) as raised:
        engine.place_algo_order("XRPUSDT", side, order_type, D(trigger), quantity=D("100"))

    assert (raised.value.code, raised.value.msg) == (-2021, "Order would immediately trigger.")
    assert engine.oracle.algo_orders == ()


@pytest.mark.parametrize(
    ("side", "order_type", "trigger", "quiet", "crossing"),
    [
        ("BUY", "STOP_MARKET", "0.5100", "0.5099", "0.5100"),
        ("SELL", "STOP_MARKET", "0.4900", "0.4901", "0.4900"),
        ("BUY", "TAKE_PROFIT_MARKET", "0.4900", "0.4901", "0.4900"),
        ("SELL", "TAKE_PROFIT_MARKET", "0.5100", "0.5099", "0.5100"),
    ],
)
def test_trigger_rules_follow_the_algo_type_and_side(
    engine: MatchingEngine,
    side: str,
    order_type: str,
    trigger: str,
    quiet: str,
    crossing: str,
) -> None:
    algo = engine.place_algo_order("XRPUSDT", side, order_type, D(trigger), quantity=D("100"))

    engine.on_price("XRPUSDT", D(quiet))
    waiting = engine.query_algo(algo.algo_id).status
    engine.on_price("XRPUSDT", D(crossing))

    assert waiting is OrderStatus.NEW
    assert engine.query_algo(algo.algo_id).status is OrderStatus.FINISHED


def test_a_mark_price_algo_watches_the_mark_and_a_contract_price_algo_the_last(engine: MatchingEngine) -> None:
    by_mark = engine.place_algo_order(
        "XRPUSDT", "BUY", "STOP_MARKET", D("0.5100"), quantity=D("100"), working_type="MARK_PRICE"
    )
    by_last = engine.place_algo_order("XRPUSDT", "BUY", "STOP_MARKET", D("0.5100"), quantity=D("100"))

    engine.on_price("XRPUSDT", D("0.5050"), mark=D("0.5100"))

    assert engine.query_algo(by_mark.algo_id).status is OrderStatus.FINISHED
    assert engine.query_algo(by_last.algo_id).status is OrderStatus.NEW


def test_a_triggered_algo_goes_through_its_life_cycle_around_a_market_order(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
    algo = engine.place_algo_order(
        "XRPUSDT",
        "SELL",
        "STOP_MARKET",
        D("0.4900"),
        quantity=D("100"),
        reduce_only=True,
        client_algo_id="ae-sl",
        working_type="MARK_PRICE",
    )
    engine.drain_events()

    engine.on_price("XRPUSDT", D("0.4890"))

    events = engine.drain_events()
    assert names(events) == [
        "AlgoUpdate",
        "AlgoUpdate",
        "OrderTradeUpdate",
        "TradeLite",
        "AccountUpdate",
        "OrderTradeUpdate",
        "AlgoUpdate",
    ]
    triggering, triggered, finished = of_type(events, AlgoUpdate)
    order = engine.query_order("XRPUSDT", order_id=triggered.algo.actual_order_id)
    assert [u.algo.status for u in (triggering, triggered, finished)] == [
        OrderStatus.TRIGGERING,
        OrderStatus.TRIGGERED,
        OrderStatus.FINISHED,
    ]
    assert triggering.algo.actual_order_id is None and triggering.algo.trigger_time > 0
    assert finished.algo.actual_order_id == order.order_id and finished.algo.actual_order_type == "MARKET"
    assert (finished.algo.executed_qty, finished.algo.actual_price) == (D("100"), order.avg_price)
    assert (order.order_type, order.original_type, order.stop_price) == (
        OrderType.MARKET,
        OrderType.STOP_MARKET,
        D("0.4900"),
    )
    assert (order.client_order_id, order.reduce_only, order.working_type) == ("ae-sl", True, WorkingType.MARK_PRICE)
    assert order.status is OrderStatus.FILLED and order.algo_id == algo.algo_id
    assert engine.oracle.position("XRPUSDT").amount == 0 and engine.open_algo_orders() == []


def test_a_close_position_algo_closes_the_whole_position(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "SELL", "MARKET", D("250"))
    algo = engine.place_algo_order("XRPUSDT", "BUY", "TAKE_PROFIT_MARKET", D("0.4800"), close_position=True)

    engine.on_price("XRPUSDT", D("0.4790"))

    done = engine.query_algo(algo.algo_id)
    assert algo.quantity == 0 and done.executed_qty == D("250")
    order = engine.query_order("XRPUSDT", order_id=done.actual_order_id)
    assert order.close_position and order.reduce_only and order.orig_qty == D("250")
    assert engine.oracle.position("XRPUSDT").amount == 0


@pytest.mark.parametrize("closing", [{"close_position": True}, {"quantity": D("100"), "reduce_only": True}])
def test_a_reducing_algo_firing_while_flat_finishes_without_a_fill(
    engine: MatchingEngine, closing: dict[str, object]
) -> None:
    algo = engine.place_algo_order("XRPUSDT", "SELL", "STOP_MARKET", D("0.4900"), **closing)  # type: ignore[arg-type]
    engine.drain_events()

    engine.on_price("XRPUSDT", D("0.4850"))

    events = engine.drain_events()
    done = engine.query_algo(algo.algo_id)
    order = engine.query_order("XRPUSDT", order_id=done.actual_order_id)
    assert [u.algo.status for u in of_type(events, AlgoUpdate)] == [
        OrderStatus.TRIGGERING,
        OrderStatus.TRIGGERED,
        OrderStatus.FINISHED,
    ]
    assert (done.executed_qty, done.actual_price) == (0, 0)
    assert [u.execution_type for u in of_type(events, OrderTradeUpdate)] == [ExecutionType.NEW, ExecutionType.EXPIRED]
    assert order.status is OrderStatus.EXPIRED and order.expiry_reason is ExpiryReason.REDUCE_ONLY
    assert engine.oracle.trades == ()


def test_an_algo_order_that_fails_the_margin_check_at_trigger_is_rejected() -> None:
    engine = make_engine(balance="10")
    engine.set_leverage("XRPUSDT", 1)
    algo = engine.place_algo_order("XRPUSDT", "BUY", "STOP_MARKET", D("0.5100"), quantity=D("100"))
    engine.drain_events()

    engine.on_price("XRPUSDT", D("0.5100"))

    done = engine.query_algo(algo.algo_id)
    assert _algo_statuses(engine) == [OrderStatus.TRIGGERING, OrderStatus.REJECTED]
    assert (done.status, done.reject_reason) == (OrderStatus.REJECTED, "Margin is insufficient.")
    assert engine.oracle.orders == ()


def test_an_open_algo_order_can_be_cancelled_once(engine: MatchingEngine) -> None:
    algo = engine.place_algo_order(
        "XRPUSDT", "SELL", "STOP_MARKET", D("0.4800"), quantity=D("100"), client_algo_id="ae-sl"
    )
    engine.drain_events()

    cancelled = engine.cancel_algo(client_algo_id="ae-sl")

    assert cancelled.algo_id == algo.algo_id and cancelled.status is OrderStatus.CANCELED
    assert _algo_statuses(engine) == [OrderStatus.CANCELED]
    with pytest.raises(SimError) as raised:
        engine.cancel_algo(algo_id=algo.algo_id)
    assert raised.value.code == -2011


def test_a_cancelled_algo_order_never_fires(engine: MatchingEngine) -> None:
    algo = engine.place_algo_order("XRPUSDT", "SELL", "STOP_MARKET", D("0.4800"), quantity=D("100"))
    engine.cancel_algo(algo_id=algo.algo_id)

    engine.on_price("XRPUSDT", D("0.4000"))

    assert engine.query_algo(algo.algo_id).status is OrderStatus.CANCELED and engine.oracle.orders == ()


def test_cancel_all_algo_cancels_only_that_symbols_algo_orders(engine: MatchingEngine) -> None:
    xrp = engine.place_algo_order("XRPUSDT", "SELL", "STOP_MARKET", D("0.4800"), quantity=D("100"))
    btc = engine.place_algo_order("BTCUSDT", "SELL", "STOP_MARKET", D("59000.00"), quantity=D("0.002"))
    resting = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100"), D("0.4900"), "GTC")

    cancelled = engine.cancel_all_algo("XRPUSDT")

    assert [a.algo_id for a in cancelled] == [xrp.algo_id]
    assert engine.open_algo_orders() == [btc] and engine.open_orders() == [resting]


def test_querying_an_unknown_algo_order_is_minus_2013(engine: MatchingEngine) -> None:
    with pytest.raises(SimError) as raised:
        engine.query_algo(client_algo_id="nope")

    assert raised.value.code == -2013


def test_a_client_algo_id_in_use_by_an_open_algo_order_is_minus_4116(engine: MatchingEngine) -> None:
    engine.place_algo_order("XRPUSDT", "SELL", "STOP_MARKET", D("0.4800"), quantity=D("100"), client_algo_id="ae-sl")

    with pytest.raises(SimError) as raised:
        engine.place_algo_order(
            "XRPUSDT", "SELL", "STOP_MARKET", D("0.4700"), quantity=D("100"), client_algo_id="ae-sl"
        )

    assert raised.value.code == -4116


@pytest.mark.parametrize(
    ("request_", "code", "msg"),
    [
        ({"quantity": D("100"), "close_position": True}, -4137, "Quantity must be zero with closePosition equals true"),
        ({"close_position": True, "reduce_only": True}, -1106, "Parameter 'reduceOnly' sent when not required."),
        ({}, -1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed."),
        (
            {"quantity": D("100"), "trigger_price": None},
            -1102,
            "Mandatory parameter 'triggerPrice' was not sent, was empty/null, or malformed.",
        ),
        ({"quantity": D("100"), "type": "TRAILING_STOP_MARKET"}, -1116, "Invalid orderType."),
        ({"quantity": D("100"), "type": "LIMIT"}, -1116, "Invalid orderType."),
        ({"quantity": D("100"), "working_type": "INDEX_PRICE"}, -4031, "Invalid parameter working type: INDEX_PRICE"),
        (
            {"quantity": D("100"), "trigger_price": D("0.48001")},
            -1111,
            "Precision is over the maximum defined for this asset.",
        ),
        ({"quantity": D("9")}, -4164, "Order's notional must be no smaller than 5 (unless you choose reduce only)."),
        ({"quantity": D("100"), "client_algo_id": "bad id"}, -4015, "Client order id is not valid."),
    ],
)
def test_a_bad_algo_order_gets_the_binance_code(
    engine: MatchingEngine,
    request_: dict[str, object],
    code: int,
    msg: str,
) -> None:
    arguments = {"symbol": "XRPUSDT", "side": "SELL", "type": "STOP_MARKET", "trigger_price": D("0.4800")} | request_

    with pytest.raises(SimError) as raised:
        engine.place_algo_order(**arguments)  # type: ignore[arg-type]

    assert (raised.value.code, raised.value.msg) == (code, msg)


def test_a_reduce_only_algo_order_is_exempt_from_min_notional(engine: MatchingEngine) -> None:
    algo = engine.place_algo_order(
        "XRPUSDT", Side.SELL, OrderType.STOP_MARKET, D("0.4800"), quantity=D("2"), reduce_only=True
    )

    assert algo.status is OrderStatus.NEW


def test_more_algo_orders_than_max_num_algo_orders_is_minus_4045() -> None:
    engine = make_engine(symbols=(ODD,))
    engine.place_algo_order("ODDUSDT", "SELL", "STOP_MARKET", D("9.00"), quantity=D("10"))

    with pytest.raises(SimError) as raised:
        engine.place_algo_order("ODDUSDT", "SELL", "STOP_MARKET", D("8.00"), quantity=D("10"))

    assert (raised.value.code, raised.value.msg) == (-4045, "Reach max stop order limit.")


def test_an_algo_order_placed_by_hand_gets_a_web_client_id(engine: MatchingEngine) -> None:
    algo = engine.place_algo_order("XRPUSDT", "SELL", "STOP_MARKET", D("0.4800"), quantity=D("100"), by_hand=True)

    assert algo.by_hand and algo.client_algo_id.startswith("web_")
    assert engine.oracle.algo_orders == (algo,)
