"""/_sim/state, /_sim/price and /_sim/funding: the oracle as JSON, moving the market, settling funding now."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.simulator.server.support import SimClient

pytestmark = pytest.mark.anyio


async def call(sim: SimClient, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    response = await sim.client.open(path, method=method, json=body)
    return response.status_code, await response.get_json()


async def buy(sim: SimClient, client_id: str, quantity: str = "20") -> None:
    response = await sim.signed(
        "POST",
        "/fapi/v1/order",
        symbol="XRPUSDT",
        side="BUY",
        type="MARKET",
        quantity=quantity,
        newClientOrderId=client_id,
    )
    assert response.status_code == 200


async def test_the_state_shows_every_order_trade_position_balance_and_income(sim: SimClient) -> None:
    await buy(sim, "ae-state-1")
    status, state = await call(sim, "GET", "/_sim/state")
    assert status == 200
    [order] = state["orders"]
    assert (order["clientOrderId"], order["status"], order["byHand"]) == ("ae-state-1", "FILLED", False)
    assert {trade["orderId"] for trade in state["trades"]} == {order["orderId"]}
    assert all(trade["clientOrderId"] == "ae-state-1" for trade in state["trades"])
    assert state["positions"][0]["positionAmt"] == "20" and state["positions"][0]["symbol"] == "XRPUSDT"
    assert Decimal(state["balances"]["USDT"]) < Decimal("10000")
    assert {row["incomeType"] for row in state["income"]} == {"COMMISSION"}
    assert state["algoOrders"] == [] and state["seed"] == 42


async def test_moving_the_price_shows_from_the_next_step_and_the_path_goes_on_from_there(sim: SimClient) -> None:
    status, moved = await call(sim, "POST", "/_sim/price", {"price": "0.6100"})
    sim.simulation.clock.advance(0.25)
    _, state = await call(sim, "GET", "/_sim/state")
    assert status == 200 and moved["price"] == "0.61"
    assert moved["from"] == state["time"]
    assert state["lastPrice"] == "0.61"
    assert sim.simulation.engine.quote("XRPUSDT").last == Decimal("0.6100")


async def test_a_moved_price_fills_a_resting_order_it_crosses(sim: SimClient) -> None:
    last = sim.simulation.market.last_price()
    target = (last * Decimal("0.95")).quantize(Decimal("0.0001"))
    await sim.signed(
        "POST",
        "/fapi/v1/order",
        symbol="XRPUSDT",
        side="BUY",
        type="LIMIT",
        timeInForce="GTC",
        quantity="20",
        price=str(target),
        newClientOrderId="ae-rest-1",
    )
    await call(sim, "POST", "/_sim/price", {"price": str(target - Decimal("0.0050"))})
    sim.simulation.clock.advance(0.25)
    _, state = await call(sim, "GET", "/_sim/state")
    assert state["orders"][0]["status"] == "FILLED"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"price": "0.61005"}, "price"),
        ({"price": "abc"}, "price"),
        ({}, "price"),
        ({"price": True}, "price"),
        ({"price": "-1"}, "price"),
        ({"price": "0.61", "when": 1}, "when"),
        ([1], "body"),
    ],
)
async def test_a_bad_price_body_is_a_400_naming_the_field(sim: SimClient, body: Any, field: str) -> None:
    status, answer = await call(sim, "POST", "/_sim/price", body)
    assert (status, answer["field"]) == (400, field)


async def test_a_price_body_that_is_not_json_is_a_400(sim: SimClient) -> None:
    response = await sim.client.post("/_sim/price", data=b"price=0.61")
    assert response.status_code == 400 and (await response.get_json())["field"] == "body"


async def test_funding_now_charges_an_open_position_and_shows_in_income(sim: SimClient) -> None:
    await buy(sim, "ae-fund-1")
    status, answer = await call(sim, "POST", "/_sim/funding")
    _, state = await call(sim, "GET", "/_sim/state")
    assert status == 200 and answer["income"]["incomeType"] == "FUNDING_FEE"
    assert answer["income"] in state["income"]


async def test_funding_now_with_no_position_settles_nothing(sim: SimClient) -> None:
    assert await call(sim, "POST", "/_sim/funding") == (200, {"income": None})
