"""/_sim/orders: orders placed and cancelled "by hand", as the account owner would in Binance's own app."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.simulator.control.test_state_and_market import buy, call
from tests.simulator.server.support import SimClient

pytestmark = pytest.mark.anyio


def below(sim: SimClient, factor: str = "0.9") -> str:
    return str((sim.simulation.market.last_price() * Decimal(factor)).quantize(Decimal("0.0001")))


async def test_a_market_order_by_hand_fills_with_an_app_style_client_id(sim: SimClient) -> None:
    status, order = await call(sim, "POST", "/_sim/orders", {"side": "BUY", "type": "MARKET", "quantity": "20"})
    assert status == 200 and order["status"] == "FILLED" and order["byHand"] is True
    assert order["clientOrderId"].startswith("web_")
    assert sim.simulation.engine.oracle.orders[0].by_hand


async def test_a_limit_order_by_hand_rests_and_shows_in_the_bots_open_orders(sim: SimClient) -> None:
    _, order = await call(
        sim,
        "POST",
        "/_sim/orders",
        {"side": "BUY", "type": "LIMIT", "quantity": "20", "price": below(sim), "timeInForce": "GTC"},
    )
    open_orders = await (await sim.signed("GET", "/fapi/v1/openOrders", symbol="XRPUSDT")).get_json()
    assert [row["orderId"] for row in open_orders] == [order["orderId"]]


async def test_a_stop_by_hand_goes_to_the_algo_service(sim: SimClient) -> None:
    await buy(sim, "ae-long-1")
    status, algo = await call(
        sim,
        "POST",
        "/_sim/orders",
        {"side": "SELL", "type": "STOP_MARKET", "triggerPrice": below(sim), "closePosition": True},
    )
    assert status == 200 and algo["algoStatus"] == "NEW" and algo["byHand"] is True
    assert sim.simulation.engine.oracle.algo_orders[0].by_hand


async def test_cancelling_by_hand_cancels_the_bots_own_order(sim: SimClient) -> None:
    response = await sim.signed(
        "POST",
        "/fapi/v1/order",
        symbol="XRPUSDT",
        side="BUY",
        type="LIMIT",
        timeInForce="GTC",
        quantity="20",
        price=below(sim),
        newClientOrderId="ae-open-1",
    )
    order_id = (await response.get_json())["orderId"]
    status, cancelled = await call(sim, "DELETE", f"/_sim/orders/{order_id}")
    assert (status, cancelled["status"], cancelled["clientOrderId"]) == (200, "CANCELED", "ae-open-1")


async def test_cancelling_an_algo_order_by_hand_uses_its_algo_id(sim: SimClient) -> None:
    await buy(sim, "ae-long-2")
    _, algo = await call(
        sim,
        "POST",
        "/_sim/orders",
        {"side": "SELL", "type": "STOP_MARKET", "triggerPrice": below(sim), "closePosition": True},
    )
    status, cancelled = await call(sim, "DELETE", f"/_sim/orders/{algo['algoId']}")
    assert (status, cancelled["algoStatus"]) == (200, "CANCELED")


async def test_cancelling_an_unknown_id_is_a_404_and_a_closed_order_binances_2011(sim: SimClient) -> None:
    await buy(sim, "ae-filled-1")
    filled = sim.simulation.engine.oracle.orders[0].order_id
    assert (await call(sim, "DELETE", "/_sim/orders/12345"))[0] == 404
    assert await call(sim, "DELETE", f"/_sim/orders/{filled}") == (400, {"error": "Unknown order sent.", "code": -2011})


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "MARKET", "quantity": "20"}, "side"),
        ({"side": "BUY", "quantity": "20"}, "type"),
        ({"side": "BUY", "type": "MARKET", "quantity": "lots"}, "quantity"),
        ({"side": "BUY", "type": "MARKET", "quantity": "20", "reduceOnly": "yes"}, "reduceOnly"),
        ({"side": "BUY", "type": "MARKET", "quantity": "20", "leverage": 5}, "leverage"),
    ],
)
async def test_a_bad_order_body_is_a_400_naming_the_field(sim: SimClient, body: Any, field: str) -> None:
    status, answer = await call(sim, "POST", "/_sim/orders", body)
    assert (status, answer["field"]) == (400, field)


async def test_an_order_the_exchange_refuses_keeps_binances_code(sim: SimClient) -> None:
    status, answer = await call(sim, "POST", "/_sim/orders", {"side": "BUY", "type": "MARKET", "quantity": "0.5"})
    assert status == 400 and answer["code"] < 0 and answer["error"]
