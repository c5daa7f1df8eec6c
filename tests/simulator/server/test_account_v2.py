"""Account Information V2, the Multi-Assets mode, the order rate limits and the assets' updateTime over the wire
(ADR 0086)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from adapters.simulator.simulation import DEFAULT_START
from domain.times import epoch_ms
from tests.simulator.server.support import SimClient, assert_same_shape, fixture
from tests.simulator.server.test_orders import place_limit

pytestmark = pytest.mark.anyio

V2_KEYS = fixture("rest_account_v2_wldusdt_2024_reconstructed.json")
DOCS_TYPES = fixture("rest_account_v2_nautilus.json")


async def get(sim: SimClient, path: str, **params: Any) -> Any:
    response = await sim.signed("GET", path, **params)
    assert response.status_code == 200, await response.get_json()
    return await response.get_json()


async def buy(sim: SimClient, quantity: str = "20") -> None:
    response = await sim.signed(
        "POST", "/fapi/v1/order", symbol="XRPUSDT", side="BUY", type="MARKET", quantity=quantity
    )
    assert response.status_code == 200, await response.get_json()


async def test_account_v2_has_the_keys_of_the_2024_answer_and_the_types_of_the_docs(sim: SimClient) -> None:
    await buy(sim)
    response = await sim.signed("GET", "/fapi/v2/account")
    body = await response.get_json()

    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "5"
    assert_same_shape(body, V2_KEYS, DOCS_TYPES)
    assert_same_shape(body["assets"][0], V2_KEYS["assets"][0], DOCS_TYPES["assets"][0])
    assert_same_shape(body["positions"][0], V2_KEYS["positions"][0], DOCS_TYPES["positions"][0])
    assert (body["feeTier"], body["tradeGroupId"], body["multiAssetsMargin"], body["feeBurn"]) == (0, -1, False, False)


async def test_account_v2_is_the_v3_body_with_every_symbol_listed(sim: SimClient) -> None:
    v2_flat = await get(sim, "/fapi/v2/account")
    v3_flat = await get(sim, "/fapi/v3/account")
    await buy(sim)
    v2 = await get(sim, "/fapi/v2/account")
    v3 = await get(sim, "/fapi/v3/account")

    assert v3_flat["positions"] == []
    assert [row["symbol"] for row in v2_flat["positions"]] == ["XRPUSDT"]
    assert {key: v2[key] for key in v3 if key not in ("assets", "positions")} == {
        key: v3[key] for key in v3 if key not in ("assets", "positions")
    }
    assert v2["assets"] == [{**v3["assets"][0], "marginAvailable": True}]
    assert {key: v2["positions"][0][key] for key in v3["positions"][0]} == v3["positions"][0]
    assert v2_flat["totalWalletBalance"] == v3_flat["totalWalletBalance"]


async def test_account_v2_positions_carry_the_leverage_entry_and_margin_mode(sim: SimClient) -> None:
    await sim.signed("POST", "/fapi/v1/leverage", symbol="XRPUSDT", leverage=7)
    await buy(sim)
    position = (await get(sim, "/fapi/v2/account"))["positions"][0]
    risk = (await get(sim, "/fapi/v3/positionRisk", symbol="XRPUSDT"))[0]
    config = (await get(sim, "/fapi/v1/symbolConfig", symbol="XRPUSDT"))[0]

    assert (position["leverage"], position["isolated"]) == ("7", False)
    assert (position["entryPrice"], position["breakEvenPrice"]) == (risk["entryPrice"], risk["breakEvenPrice"])
    assert position["maxNotional"] == config["maxNotionalValue"]
    assert (position["positionAmt"], position["notional"]) == ("20.0", risk["notional"])
    assert Decimal(position["positionInitialMargin"]) == Decimal(risk["positionInitialMargin"])


async def test_account_v2_says_what_the_account_may_do(sim: SimClient) -> None:
    await sim.client.put("/_sim/permissions", json={"canTrade": False})
    body = await get(sim, "/fapi/v2/account")
    assert (body["canTrade"], body["canDeposit"], body["canWithdraw"]) == (False, True, True)


async def test_account_v2_needs_a_signature(sim: SimClient) -> None:
    response = await sim.client.get("/fapi/v2/account", headers={"X-MBX-APIKEY": "SimKey1"})
    assert response.status_code == 400
    assert (await response.get_json())["code"] == -1102


async def test_the_multi_assets_mode_is_off(sim: SimClient) -> None:
    response = await sim.signed("GET", "/fapi/v1/multiAssetsMargin")
    body = await response.get_json()
    assert_same_shape(body, fixture("rest_multi_assets_margin_docs_example.json"))
    assert body == {"multiAssetsMargin": False}
    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "30"


async def test_switching_multi_assets_off_again_is_minus_4171(sim: SimClient) -> None:
    response = await sim.signed("POST", "/fapi/v1/multiAssetsMargin", multiAssetsMargin="false")
    assert response.status_code == 400
    assert await response.get_json() == {
        "code": -4171,
        "msg": "Adjusted asset mode is currently set and does not need to be adjusted repeatedly",
    }


async def test_switching_multi_assets_on_with_open_orders_is_minus_4170(sim: SimClient) -> None:
    await place_limit(sim)
    response = await sim.signed("POST", "/fapi/v1/multiAssetsMargin", multiAssetsMargin="true")
    assert (await response.get_json())["code"] == -4170


@pytest.mark.parametrize(("value", "code"), [("true", -1130), ("maybe", -1130), ("", -1102)])
async def test_the_single_asset_simulator_refuses_multi_assets_mode(sim: SimClient, value: str, code: int) -> None:
    response = await sim.signed("POST", "/fapi/v1/multiAssetsMargin", multiAssetsMargin=value)
    body = await response.get_json()
    assert (response.status_code, body["code"]) == (400, code)
    assert "multiAssetsMargin" in body["msg"]
    assert (await get(sim, "/fapi/v1/multiAssetsMargin")) == {"multiAssetsMargin": False}


async def test_the_order_rate_limits_are_those_exchange_info_advertises(sim: SimClient) -> None:
    limits = await get(sim, "/fapi/v1/rateLimit/order")
    info = await (await sim.public("/fapi/v1/exchangeInfo")).get_json()
    assert_same_shape(limits[0], fixture("rest_rate_limit_order_docs_example.json")[0])
    assert limits == [row for row in info["rateLimits"] if row["rateLimitType"] == "ORDERS"]
    assert {(row["interval"], row["limit"]) for row in limits} == {("SECOND", 300), ("MINUTE", 1200)}


async def asset_times(sim: SimClient) -> list[int]:
    v2, v3 = await get(sim, "/fapi/v2/account"), await get(sim, "/fapi/v3/account")
    balances = [*await get(sim, "/fapi/v2/balance"), *await get(sim, "/fapi/v3/balance")]
    return [row["updateTime"] for row in [*v2["assets"], *v3["assets"], *balances]]


async def test_a_funded_account_that_never_traded_was_changed_when_it_was_funded(sim: SimClient) -> None:
    sim.simulation.clock.advance(timedelta(minutes=10))
    # Funded in the millisecond before the simulation starts
    assert await asset_times(sim) == [epoch_ms(DEFAULT_START) - 1] * 4


async def test_an_assets_update_time_is_its_last_change(sim: SimClient) -> None:
    sim.simulation.clock.advance(timedelta(minutes=10))
    await buy(sim)
    traded_at = epoch_ms(sim.simulation.clock.now())
    sim.simulation.clock.advance(timedelta(minutes=10))
    assert await asset_times(sim) == [traded_at] * 4
