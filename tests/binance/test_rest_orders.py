"""Order and algo order responses → OrderUpdated facts (conditional for algo orders), lists filtered by symbol."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from adapters.binance.translate import (
    MalformedPayload,
    algo_order_from_rest,
    algo_orders_from_rest,
    order_from_rest,
    orders_from_rest,
)
from domain.client_order_ids import client_order_id_for
from domain.events import OrderUpdated
from domain.values import OrderStatus, OrderType, Side, TimeInForce
from tests.binance.support import error_of, fixture_text, utc

OURS = client_order_id_for("command-3", "stop")


def payload(name: str, **changes: Any) -> dict[str, Any]:
    data = json.loads(fixture_text(name))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def filled(**changes: Any) -> dict[str, Any]:
    return payload("rest_order_new_market_result_filled_ethusdt_2025.json", **changes)


def stop_algo(**changes: Any) -> dict[str, Any]:
    """The documented algo order response, as the bot would place it: STOP_MARKET, our client algo id."""
    base = {"orderType": "STOP_MARKET", "clientAlgoId": OURS, "price": "0.000", "reduceOnly": True}
    return payload("rest_algo_order_new_docs_example.json", **{**base, **changes})


def test_a_filled_market_order_keeps_its_big_id_exact_decimals_and_utc_time() -> None:
    facts = order_from_rest(filled(), "ETHUSDT")

    assert facts == OrderUpdated(
        client_order_id="AL0F55jVYngvTWweEpAFb2",
        order_id=8389766058155948588,
        conditional=False,
        side=Side.BUY,
        order_type=OrderType.MARKET,
        quantity=Decimal("0.007"),
        price=None,
        trigger_price=None,
        reduce_only=False,
        close_position=False,
        time_in_force=TimeInForce.GTC,
        status=OrderStatus.FILLED,
        filled_qty=Decimal("0.007"),
        avg_price=Decimal("3057.89"),
        external=True,
        updated_at=utc("2025-12-22T14:13:45.838Z"),
    )


def test_without_avg_price_the_average_comes_from_cum_quote_over_executed_quantity() -> None:
    facts = order_from_rest(filled(avgPrice=None), "ETHUSDT")

    assert facts.avg_price == Decimal("3057.89")


def test_without_avg_price_and_cum_quote_the_average_is_zero() -> None:
    facts = order_from_rest(filled(avgPrice=None, cumQuote=None), "ETHUSDT")

    assert facts.avg_price == Decimal("0")


def test_ids_and_times_recorded_as_strings_are_read_as_integers() -> None:
    facts = order_from_rest(payload("rest_open_order_query_ltcusdt_gtx_2024.json"), "LTCUSDT")

    assert (facts.order_id, facts.time_in_force, facts.price) == (664082074, TimeInForce.GTX, Decimal("50"))
    assert facts.updated_at == utc("2024-02-14T10:42:03.991Z")


def test_a_good_till_date_order_has_no_domain_time_in_force() -> None:
    facts = order_from_rest(payload("rest_order_new_docs_example.json"), "BTCUSDT")

    assert facts.time_in_force is None


def test_an_order_we_placed_is_not_external() -> None:
    assert order_from_rest(filled(clientOrderId=OURS), "ETHUSDT").external is False


def test_an_order_of_another_symbol_yields_nothing() -> None:
    assert order_from_rest(filled(), "XRPUSDT") is None


def test_a_missing_required_field_is_named_with_the_payload_type() -> None:
    message = error_of(lambda: order_from_rest(filled(orderId=None), "ETHUSDT"), MalformedPayload)

    assert message == "order: orderId: Missing data for required field."


def test_a_float_quantity_is_refused_rather_than_rounded() -> None:
    message = error_of(lambda: order_from_rest(filled(origQty=0.007), "ETHUSDT"), MalformedPayload)

    assert message == "order: origQty: expected a decimal string, got 0.007"


def test_an_order_without_any_time_is_refused() -> None:
    message = error_of(lambda: order_from_rest(filled(time=None, updateTime=0), "ETHUSDT"), MalformedPayload)

    assert message == "order 8389766058155948588: neither updateTime nor time is set"


def test_an_order_placed_by_hand_with_a_type_the_bot_never_uses_is_still_tracked() -> None:
    facts = order_from_rest(payload("rest_order_query_docs_example.json"), "BTCUSDT")

    assert (facts.order_type, facts.trigger_price, facts.external) == (
        OrderType.TRAILING_STOP_MARKET,
        Decimal("9300"),
        True,
    )


def test_an_order_type_binance_may_add_later_raises_a_value_error_naming_it() -> None:
    with pytest.raises(ValueError, match="ICEBERG_MARKET"):
        order_from_rest(filled(type="ICEBERG_MARKET", origType="ICEBERG_MARKET"), "ETHUSDT")


def test_a_list_keeps_the_symbols_orders_and_notes_the_ones_the_domain_cannot_hold() -> None:
    trailing = payload("rest_open_orders_docs_example.json")[0]
    novel = {**trailing, "orderId": 7, "type": "ICEBERG_MARKET", "origType": "ICEBERG_MARKET"}
    listing = orders_from_rest([filled(), trailing, novel, filled(symbol="BTCUSDT", orderId=5)], "BTCUSDT")

    assert [order.order_id for order in listing.orders] == [1917641, 5]
    assert listing.unsupported == ("order 7: order type 'ICEBERG_MARKET' has no domain equivalent",)


def test_a_bad_row_of_a_list_is_named_by_its_index() -> None:
    message = error_of(lambda: orders_from_rest([filled(), filled(status=None)], "ETHUSDT"), MalformedPayload)

    assert message == "orders[1]: status: Missing data for required field."


def test_an_algo_order_response_becomes_a_conditional_order_keyed_by_its_algo_id() -> None:
    facts = algo_order_from_rest(stop_algo(), "BNBUSDT")

    assert facts == OrderUpdated(
        client_order_id=OURS,
        order_id=2146760,
        conditional=True,
        side=Side.SELL,
        order_type=OrderType.STOP_MARKET,
        quantity=Decimal("0.01"),
        price=None,
        trigger_price=Decimal("750"),
        reduce_only=True,
        close_position=False,
        time_in_force=TimeInForce.GTC,
        status=OrderStatus.NEW,
        filled_qty=Decimal("0"),
        avg_price=Decimal("0"),
        external=False,
        updated_at=utc("2025-06-21T05:58:12.076Z"),
    )
    assert facts.order_key == "algo:2146760"


def test_an_algo_order_of_another_symbol_yields_nothing() -> None:
    assert algo_order_from_rest(stop_algo(), "XRPUSDT") is None


def test_open_algo_orders_keep_the_symbols_orders_and_note_the_unsupported_ones() -> None:
    take_profit = payload("rest_open_algo_orders_docs_example.json")[0]
    novel = {**take_profit, "algoId": 9, "orderType": "ICEBERG_MARKET"}

    listing = algo_orders_from_rest([stop_algo(), take_profit, novel, stop_algo(symbol="ETHUSDT")], "BNBUSDT")

    assert [(o.order_key, o.order_type) for o in listing.orders] == [
        ("algo:2146760", OrderType.STOP_MARKET),
        ("algo:2148627", OrderType.TAKE_PROFIT),
    ]
    assert listing.unsupported == ("algo 9: order type 'ICEBERG_MARKET' has no domain equivalent",)


def test_a_close_position_algo_order_without_quantity_reports_zero_quantity() -> None:
    facts = algo_order_from_rest(stop_algo(quantity="", closePosition=True, reduceOnly=False), "BNBUSDT")

    assert (facts.quantity, facts.close_position) == (Decimal("0"), True)
