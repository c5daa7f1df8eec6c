"""Leverage brackets, margin type, positionMargin and its history over the wire (ADR 0087)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.simulator.server.support import SimClient

pytestmark = pytest.mark.anyio


async def json_of(sim: SimClient, method: str, path: str, **params: object) -> Any:
    return await (await sim.signed(method, path, **params)).get_json()


async def test_leverage_brackets_are_an_array_with_or_without_a_symbol(sim: SimClient) -> None:
    response = await sim.signed("GET", "/fapi/v1/leverageBracket", symbol="XRPUSDT")
    [entry] = await response.get_json()
    everything = await json_of(sim, "GET", "/fapi/v1/leverageBracket")

    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "1"
    assert [row["symbol"] for row in everything] == [spec.symbol for spec in sim.simulation.engine.symbols]
    assert entry["brackets"][1] == {
        "bracket": 2,
        "initialLeverage": 50,
        "notionalCap": 50000,
        "notionalFloor": 10000,
        "maintMarginRatio": 0.01,
        "cum": 50.0,
    }
    assert b'"cum":0.0' in await (await sim.signed("GET", "/fapi/v1/leverageBracket", symbol="XRPUSDT")).get_data()


async def test_isolated_margin_shows_in_symbol_config_position_risk_and_balance(sim: SimClient) -> None:
    assert await json_of(sim, "POST", "/fapi/v1/marginType", symbol="XRPUSDT", marginType="ISOLATED") == {
        "code": 200,
        "msg": "success",
    }
    await sim.signed("POST", "/fapi/v1/order", symbol="XRPUSDT", side="BUY", type="MARKET", quantity="100")

    [config] = await json_of(sim, "GET", "/fapi/v1/symbolConfig", symbol="XRPUSDT")
    [v2] = await json_of(sim, "GET", "/fapi/v2/positionRisk", symbol="XRPUSDT")
    [v3] = await json_of(sim, "GET", "/fapi/v3/positionRisk", symbol="XRPUSDT")
    [balance] = await json_of(sim, "GET", "/fapi/v3/balance")
    assert config["marginType"] == "ISOLATED" and v2["marginType"] == "isolated"
    assert Decimal(v2["isolatedWallet"]) == Decimal(v3["isolatedWallet"]) > 0
    assert Decimal(balance["crossWalletBalance"]) == Decimal(balance["balance"]) - Decimal(v3["isolatedWallet"])


async def test_margin_type_refuses_a_change_while_a_position_is_open(sim: SimClient) -> None:
    await sim.signed("POST", "/fapi/v1/order", symbol="XRPUSDT", side="BUY", type="MARKET", quantity="100")
    response = await sim.signed("POST", "/fapi/v1/marginType", symbol="XRPUSDT", marginType="ISOLATED")

    assert (response.status_code, await response.get_json()) == (
        400,
        {"code": -4048, "msg": "Margin type cannot be changed if there exists position."},
    )


async def test_position_margin_answers_as_binance_and_lands_in_the_history(sim: SimClient) -> None:
    await sim.signed("POST", "/fapi/v1/marginType", symbol="XRPUSDT", marginType="ISOLATED")
    await sim.signed("POST", "/fapi/v1/order", symbol="XRPUSDT", side="BUY", type="MARKET", quantity="100")

    added = await json_of(sim, "POST", "/fapi/v1/positionMargin", symbol="XRPUSDT", amount="100", type=1)
    rows = await json_of(sim, "GET", "/fapi/v1/positionMargin/history", symbol="XRPUSDT", type=1)

    assert added == {"amount": 100.0, "code": 200, "msg": "Successfully modify position margin.", "type": 1}
    assert (rows[-1]["deltaType"], rows[-1]["amount"], rows[-1]["type"]) == ("USER_ADJUST", "100.00000000", 1)


async def test_position_margin_on_a_cross_position_is_refused(sim: SimClient) -> None:
    await sim.signed("POST", "/fapi/v1/order", symbol="XRPUSDT", side="BUY", type="MARKET", quantity="100")
    response = await sim.signed("POST", "/fapi/v1/positionMargin", symbol="XRPUSDT", amount="1", type=1)

    assert (await response.get_json())["code"] == -4049


async def test_v2_and_v3_write_the_entry_price_alike(sim: SimClient) -> None:
    await sim.signed("POST", "/fapi/v1/order", symbol="XRPUSDT", side="BUY", type="MARKET", quantity="20")
    [v2] = await json_of(sim, "GET", "/fapi/v2/positionRisk", symbol="XRPUSDT")
    [v3] = await json_of(sim, "GET", "/fapi/v3/positionRisk", symbol="XRPUSDT")

    assert (v2["entryPrice"], v2["breakEvenPrice"], v2["notional"]) == (
        v3["entryPrice"],
        v3["breakEvenPrice"],
        v3["notional"],
    )
