"""Order endpoints of the wire server: place (ACK, RESULT), query, cancel, open/all orders, cancel all, userTrades."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.simulator.server.support import SimClient, assert_same_shape, fixture

pytestmark = pytest.mark.anyio

ORDER = "/fapi/v1/order"


def limit_below(sim: SimClient) -> str:
    last = sim.simulation.market.last_price()
    return str((last * Decimal("0.9")).quantize(Decimal("0.0001")))


async def place_limit(sim: SimClient, **extra: str) -> dict:
    response = await sim.signed(
        "POST",
        ORDER,
        symbol="XRPUSDT",
        side="BUY",
        type="LIMIT",
        timeInForce="GTC",
        quantity="20",
        price=limit_below(sim),
        **extra,
    )
    assert response.status_code == 200, await response.get_json()
    return await response.get_json()


async def test_a_market_order_with_result_has_the_fixture_shape_and_is_filled(sim: SimClient) -> None:
    response = await sim.signed(
        "POST", ORDER, symbol="XRPUSDT", side="BUY", type="MARKET", quantity="20", newOrderRespType="RESULT"
    )
    body = await response.get_json()
    assert_same_shape(body, fixture("rest_order_new_market_result_filled_ethusdt_2025.json"))
    assert body["status"] == "FILLED"
    assert body["executedQty"] == "20.0"
    assert body["orderId"] > 2**53


async def test_an_ack_has_the_ack_fixture_shape_and_reports_new(sim: SimClient) -> None:
    response = await sim.signed("POST", ORDER, symbol="XRPUSDT", side="BUY", type="MARKET", quantity="20")
    body = await response.get_json()
    assert_same_shape(body, fixture("rest_order_new_market_ack_achusdt_2024.json"))
    assert (body["status"], body["executedQty"], body["cumQuote"]) == ("NEW", "0.0", "0.00000")


async def test_order_headers_carry_the_order_counts(sim: SimClient) -> None:
    response = await sim.signed("POST", ORDER, symbol="XRPUSDT", side="BUY", type="MARKET", quantity="20")
    assert response.headers["X-MBX-ORDER-COUNT-10S"] == "1"
    assert response.headers["X-MBX-ORDER-COUNT-1M"] == "1"
    assert "X-MBX-USED-WEIGHT-1M" in response.headers


async def test_a_resting_limit_is_queried_listed_and_cancelled(sim: SimClient) -> None:
    placed = await place_limit(sim, newClientOrderId="myLimit1")
    queried = await (await sim.signed("GET", ORDER, symbol="XRPUSDT", origClientOrderId="myLimit1")).get_json()
    # The 2024 capture has the keys; its ids went through a client that quoted them, so types come from 2025
    assert_same_shape(
        queried,
        fixture("rest_open_order_query_ltcusdt_gtx_2024.json"),
        fixture("rest_order_new_market_result_filled_ethusdt_2025.json"),
    )
    assert (queried["orderId"], queried["status"], queried["price"]) == (placed["orderId"], "NEW", placed["price"])
    listed = await (await sim.signed("GET", "/fapi/v1/openOrders", symbol="XRPUSDT")).get_json()
    assert [row["orderId"] for row in listed] == [placed["orderId"]]
    cancelled = await (await sim.signed("DELETE", ORDER, symbol="XRPUSDT", orderId=placed["orderId"])).get_json()
    expected = fixture("rest_order_cancel_docs_example.json")
    del expected["activatePrice"], expected["priceRate"]  # trailing-stop fields
    assert_same_shape(cancelled, expected)
    assert cancelled["status"] == "CANCELED"
    assert await (await sim.signed("GET", "/fapi/v1/openOrders", symbol="XRPUSDT")).get_json() == []


async def test_all_orders_lists_closed_orders_too(sim: SimClient) -> None:
    placed = await place_limit(sim)
    await sim.signed("DELETE", ORDER, symbol="XRPUSDT", orderId=placed["orderId"])
    rows = await (await sim.signed("GET", "/fapi/v1/allOrders", symbol="XRPUSDT")).get_json()
    assert [(row["orderId"], row["status"]) for row in rows] == [(placed["orderId"], "CANCELED")]


async def test_trades_and_order_history_carry_the_base_quantity_and_pair(sim: SimClient) -> None:
    # Added to USDⓈ-M in 2026-08 (API.md §0, SDK 17.0.0/17.0.1): userTrades baseQty and pair, allOrders cumBase and pair
    await sim.signed("POST", ORDER, symbol="XRPUSDT", side="BUY", type="MARKET", quantity="20")
    trades = await (await sim.signed("GET", "/fapi/v1/userTrades", symbol="XRPUSDT")).get_json()
    orders = await (await sim.signed("GET", "/fapi/v1/allOrders", symbol="XRPUSDT")).get_json()
    assert set(trades[0]) == set(fixture("rest_user_trades_docs_example.json")[0])
    assert (trades[0]["baseQty"], trades[0]["pair"]) == (trades[0]["qty"], "XRPUSDT")
    assert set(orders[0]) == set(fixture("rest_order_new_market_result_filled_ethusdt_2025.json")) - {"cumQty"} | {
        "cumBase",
        "pair",
    }
    assert (orders[0]["cumBase"], orders[0]["pair"]) == (orders[0]["executedQty"], "XRPUSDT")


async def test_the_open_order_query_finds_an_open_order_and_not_a_closed_one(sim: SimClient) -> None:
    placed = await place_limit(sim, newClientOrderId="openOne")
    response = await sim.signed("GET", "/fapi/v1/openOrder", symbol="XRPUSDT", origClientOrderId="openOne")
    by_id = await (await sim.signed("GET", ORDER, symbol="XRPUSDT", orderId=placed["orderId"])).get_json()
    assert (await response.get_json(), response.headers["X-MBX-USED-WEIGHT-1M"]) == (by_id, "1")
    await sim.signed("DELETE", ORDER, symbol="XRPUSDT", orderId=placed["orderId"])
    closed = await sim.signed("GET", "/fapi/v1/openOrder", symbol="XRPUSDT", orderId=placed["orderId"])
    assert await closed.get_json() == fixture("error_-2013_order_does_not_exist.json")


async def test_cancel_all_answers_the_fixture_body_and_closes_every_open_order(sim: SimClient) -> None:
    await place_limit(sim)
    await place_limit(sim)
    response = await sim.signed("DELETE", "/fapi/v1/allOpenOrders", symbol="XRPUSDT")
    assert await response.get_json() == fixture("rest_cancel_all_open_orders.json")
    assert sim.simulation.engine.open_orders("XRPUSDT") == []


async def test_querying_an_unknown_order_is_minus_2013(sim: SimClient) -> None:
    response = await sim.signed("GET", ORDER, symbol="XRPUSDT", orderId=123)
    assert response.status_code == 400
    assert await response.get_json() == fixture("error_-2013_order_does_not_exist.json")


async def test_cancelling_a_filled_order_is_minus_2011(sim: SimClient) -> None:
    filled = await (
        await sim.signed("POST", ORDER, symbol="XRPUSDT", side="BUY", type="MARKET", quantity="20")
    ).get_json()
    response = await sim.signed("DELETE", ORDER, symbol="XRPUSDT", orderId=filled["orderId"])
    assert (await response.get_json())["code"] == -2011


async def test_reusing_an_open_client_order_id_is_minus_4116(sim: SimClient) -> None:
    await place_limit(sim, newClientOrderId="same1")
    response = await sim.signed(
        "POST",
        ORDER,
        symbol="XRPUSDT",
        side="BUY",
        type="LIMIT",
        timeInForce="GTC",
        quantity="20",
        price=limit_below(sim),
        newClientOrderId="same1",
    )
    assert await response.get_json() == fixture("error_-4116_duplicate_client_order_id.json")


async def test_a_hedge_mode_position_side_is_minus_4061(sim: SimClient) -> None:
    response = await sim.signed(
        "POST", ORDER, symbol="XRPUSDT", side="BUY", type="MARKET", quantity="20", positionSide="LONG"
    )
    assert await response.get_json() == fixture("error_-4061_position_side_mismatch.json")


async def test_user_trades_rows_have_the_fixture_keys_and_int_ids(sim: SimClient) -> None:
    await sim.signed("POST", ORDER, symbol="XRPUSDT", side="BUY", type="MARKET", quantity="20")
    rows = await (await sim.signed("GET", "/fapi/v1/userTrades", symbol="XRPUSDT")).get_json()
    assert rows
    # The 2023 capture's keys and the two added in 2026-08
    assert set(rows[0]) == set(fixture("rest_user_trades_btcusdt_taker_2023.json")[0]) | {"baseQty", "pair"}
    docs = fixture("rest_user_trades_docs_example.json")[0]
    assert all(type(rows[0][key]) is type(docs[key]) for key in rows[0])
    assert sum(Decimal(row["qty"]) for row in rows) == Decimal("20")


async def test_an_order_without_a_side_is_minus_1102(sim: SimClient) -> None:
    response = await sim.signed("POST", ORDER, symbol="XRPUSDT", type="MARKET", quantity="20")
    assert response.status_code == 400
    assert (await response.get_json())["code"] == -1102


async def test_a_quantity_with_too_many_decimals_is_minus_1111(sim: SimClient) -> None:
    response = await sim.signed("POST", ORDER, symbol="XRPUSDT", side="BUY", type="MARKET", quantity="20.05")
    assert await response.get_json() == fixture("error_-1111_precision.json")


async def test_a_malformed_quantity_is_minus_1130(sim: SimClient) -> None:
    response = await sim.signed("POST", ORDER, symbol="XRPUSDT", side="BUY", type="MARKET", quantity="abc")
    assert (await response.get_json())["code"] == -1130


async def test_an_order_below_the_min_notional_is_minus_4164(sim: SimClient) -> None:
    response = await sim.signed("POST", ORDER, symbol="XRPUSDT", side="BUY", type="MARKET", quantity="1")
    assert (await response.get_json())["code"] == -4164
