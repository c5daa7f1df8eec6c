"""Forcing a liquidation over the wire: a leveraged position, then /_sim/price past positionRisk's liquidationPrice."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.simulator.server.support import SimClient

pytestmark = pytest.mark.anyio


async def state(sim: SimClient) -> Any:
    return await (await sim.client.get("/_sim/state")).get_json()


async def position_risk(sim: SimClient) -> list[Any]:
    """v3 rows: only a symbol holding a position (or an open order) is listed."""
    response = await sim.signed("GET", "/fapi/v3/positionRisk", symbol="XRPUSDT")
    return await response.get_json()


async def test_moving_the_price_past_the_liquidation_price_liquidates_the_account(sim: SimClient) -> None:
    bought = await sim.signed(
        "POST",
        "/fapi/v1/order",
        symbol="XRPUSDT",
        side="BUY",
        type="MARKET",
        quantity="60000",
        newClientOrderId="ae-liq-1",
    )
    [risk] = await position_risk(sim)
    price = Decimal(risk["liquidationPrice"])
    before = await state(sim)

    await sim.client.post("/_sim/price", json={"price": str((price * Decimal("0.98")).quantize(Decimal("0.0001")))})
    sim.simulation.clock.advance(2)  # the mark follows the last price once per second
    after = await state(sim)

    assert bought.status_code == 200 and price > 0
    assert before["positions"][0]["positionAmt"] != "0"
    assert after["positions"][0]["positionAmt"] == "0"
    [autoclose] = [o for o in after["orders"] if o["clientOrderId"].startswith("autoclose-")]
    assert (autoclose["type"], autoclose["timeInForce"], autoclose["status"]) == ("LIMIT", "IOC", "FILLED")
    assert [t["byHand"] for t in after["trades"] if t["orderId"] == autoclose["orderId"]] == [False]
    assert "INSURANCE_CLEAR" in {row["incomeType"] for row in after["income"]}
    assert after["balances"]["USDT"] == "0" and await position_risk(sim) == []
