"""Algo order endpoints: place, query, list open, cancel, cancel all."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.simulator.server.support import SimClient, assert_same_shape, fixture

pytestmark = pytest.mark.anyio

ALGO = "/fapi/v1/algoOrder"


async def place_stop(sim: SimClient, client_algo_id: str = "stop1") -> dict:
    trigger = (sim.simulation.market.last_price() * Decimal("0.8")).quantize(Decimal("0.0001"))
    response = await sim.signed(
        "POST",
        ALGO,
        algoType="CONDITIONAL",
        symbol="XRPUSDT",
        side="SELL",
        type="STOP_MARKET",
        triggerPrice=str(trigger),
        quantity="20",
        clientAlgoId=client_algo_id,
    )
    assert response.status_code == 200, await response.get_json()
    return await response.get_json()


async def test_a_new_algo_order_has_the_fixture_shape(sim: SimClient) -> None:
    body = await place_stop(sim)
    assert_same_shape(body, fixture("rest_algo_order_new_docs_example.json"))
    assert (body["algoStatus"], body["orderType"], body["clientAlgoId"]) == ("NEW", "STOP_MARKET", "stop1")


async def test_open_algo_orders_and_query_have_the_fixture_shape(sim: SimClient) -> None:
    placed = await place_stop(sim)
    rows = await (await sim.signed("GET", "/fapi/v1/openAlgoOrders", symbol="XRPUSDT")).get_json()
    assert_same_shape(rows[0], fixture("rest_open_algo_orders_docs_example.json")[0])
    queried = await (await sim.signed("GET", ALGO, algoId=placed["algoId"])).get_json()
    assert queried == rows[0]


async def test_cancelling_an_algo_order_answers_the_fixture_body(sim: SimClient) -> None:
    placed = await place_stop(sim)
    body = await (await sim.signed("DELETE", ALGO, clientAlgoId="stop1")).get_json()
    assert_same_shape(body, fixture("rest_algo_order_cancel_docs_example.json"))
    assert body["algoId"] == placed["algoId"]
    assert await (await sim.signed("GET", "/fapi/v1/openAlgoOrders")).get_json() == []


async def test_cancel_all_algo_orders_closes_them_all(sim: SimClient) -> None:
    await place_stop(sim, "stopA")
    await place_stop(sim, "stopB")
    response = await sim.signed("DELETE", "/fapi/v1/algoOpenOrders", symbol="XRPUSDT")
    assert response.status_code == 200
    assert sim.simulation.engine.open_algo_orders("XRPUSDT") == []


async def test_a_stop_market_on_the_order_endpoint_is_minus_4120(sim: SimClient) -> None:
    response = await sim.signed(
        "POST", "/fapi/v1/order", symbol="XRPUSDT", side="SELL", type="STOP_MARKET", stopPrice="0.1000", quantity="20"
    )
    assert await response.get_json() == fixture("error_-4120_conditional_order_requires_algo_api.json")
