"""Algo order endpoints: place, query, list open and all, cancel, cancel all."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.times import epoch_ms
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


async def test_all_algo_orders_lists_open_and_cancelled_orders_in_the_open_orders_shape(sim: SimClient) -> None:
    first = await place_stop(sim, "hist1")
    await sim.signed("DELETE", ALGO, algoId=first["algoId"])
    second = await place_stop(sim, "hist2")
    response = await sim.signed("GET", "/fapi/v1/allAlgoOrders", symbol="XRPUSDT")
    rows = await response.get_json()

    assert [(row["algoId"], row["algoStatus"]) for row in rows] == [
        (first["algoId"], "CANCELED"),
        (second["algoId"], "NEW"),
    ]
    assert_same_shape(rows[0], fixture("rest_open_algo_orders_docs_example.json")[0])
    # 1 for the cancel (placing costs no IP weight), 5 for the history
    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "6"


async def test_all_algo_orders_filters_by_id_time_page_and_limit(sim: SimClient) -> None:
    ids = [(await place_stop(sim, f"page{n}"))["algoId"] for n in range(5)]

    async def listed(**params: object) -> list[int]:
        response = await sim.signed("GET", "/fapi/v1/allAlgoOrders", symbol="XRPUSDT", **params)
        assert response.status_code == 200, await response.get_json()
        return [row["algoId"] for row in await response.get_json()]

    assert await listed(algoId=ids[2]) == ids[2:]
    assert await listed(algoId=ids[1], limit=2, page=2) == ids[3:5]
    assert await listed(limit=2) == ids[3:5]
    assert await listed(limit=2, page=3) == ids[:1]
    assert await listed(startTime=epoch_ms(sim.simulation.clock.now()) + 1) == []


@pytest.mark.parametrize(("params", "code"), [({"limit": 1001}, -1130), ({"page": 0}, -1130), ({}, -1102)])
async def test_all_algo_orders_refuses_a_bad_query(sim: SimClient, params: dict[str, object], code: int) -> None:
    query = params if not params else {"symbol": "XRPUSDT", **params}
    response = await sim.signed("GET", "/fapi/v1/allAlgoOrders", **query)
    assert (response.status_code, (await response.get_json())["code"]) == (400, code)
