"""Account endpoints: positionRisk, balance, income, commissionRate, leverage, marginType, dual, listenKey."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.simulator.simulation import Simulation, SimulationOptions
from tests.simulator.server.support import SimClient, assert_same_shape, fixture

pytestmark = pytest.mark.anyio


async def buy_market(sim: SimClient, quantity: str = "20") -> dict:
    response = await sim.signed(
        "POST",
        "/fapi/v1/order",
        symbol="XRPUSDT",
        side="BUY",
        type="MARKET",
        quantity=quantity,
        newOrderRespType="RESULT",
    )
    return await response.get_json()


async def test_position_risk_v3_lists_nothing_while_flat(sim: SimClient) -> None:
    assert await (await sim.signed("GET", "/fapi/v3/positionRisk")).get_json() == []


async def test_position_risk_v3_has_the_fixture_shape_once_a_position_is_open(sim: SimClient) -> None:
    await buy_market(sim)
    rows = await (await sim.signed("GET", "/fapi/v3/positionRisk", symbol="XRPUSDT")).get_json()
    assert_same_shape(
        rows[0],
        fixture("rest_position_risk_v3_btcusdt_2024.json")[0],
        fixture("rest_position_risk_v3_docs_example.json")[0],
    )
    assert rows[0]["positionAmt"] == "20.0"


async def test_position_risk_v2_has_the_one_way_fixture_shape(sim: SimClient) -> None:
    rows = await (await sim.signed("GET", "/fapi/v2/positionRisk", symbol="XRPUSDT")).get_json()
    assert_same_shape(rows[0], fixture("rest_position_risk_v2_one_way_docs_example_2025.json")[0])
    assert (rows[0]["marginType"], rows[0]["leverage"], rows[0]["positionAmt"]) == ("cross", "20", "0.0")


@pytest.mark.parametrize("path", ["/fapi/v2/balance", "/fapi/v3/balance"])
async def test_balance_has_the_fixture_shape_and_the_start_balance(sim: SimClient, path: str) -> None:
    rows = await (await sim.signed("GET", path)).get_json()
    assert_same_shape(rows[0], fixture("rest_balance_v3_docs_example.json")[0])
    assert (rows[0]["asset"], rows[0]["balance"]) == ("USDT", "10000.00000000")


async def test_income_rows_have_the_fixture_shape(sim: SimClient) -> None:
    await buy_market(sim)
    rows = await (await sim.signed("GET", "/fapi/v1/income")).get_json()
    assert {row["incomeType"] for row in rows} == {"COMMISSION"}
    assert_same_shape(rows[0], fixture("rest_income_transfer_docs_example.json")[0])


async def test_funding_settles_into_income_as_the_clock_passes_a_funding_mark() -> None:
    sim = SimClient(Simulation(SimulationOptions(real=None, funding_every=timedelta(minutes=1))))
    await buy_market(sim)
    sim.simulation.clock.advance(timedelta(seconds=61))
    rows = await (await sim.signed("GET", "/fapi/v1/income", incomeType="FUNDING_FEE")).get_json()
    assert len(rows) == 1
    assert rows[0]["symbol"] == "XRPUSDT"


async def test_commission_rate_reports_the_symbol_rates(sim: SimClient) -> None:
    body = await (await sim.signed("GET", "/fapi/v1/commissionRate", symbol="XRPUSDT")).get_json()
    assert_same_shape(body, fixture("rest_commission_rate_docs_example.json"))
    assert (body["makerCommissionRate"], body["takerCommissionRate"]) == ("0.0002", "0.0005")


async def test_leverage_change_has_the_fixture_shape(sim: SimClient) -> None:
    body = await (await sim.signed("POST", "/fapi/v1/leverage", symbol="XRPUSDT", leverage=10)).get_json()
    assert_same_shape(body, fixture("rest_leverage_change.json"))
    assert (body["leverage"], body["symbol"]) == (10, "XRPUSDT")


async def test_a_leverage_above_the_maximum_is_refused(sim: SimClient) -> None:
    response = await sim.signed("POST", "/fapi/v1/leverage", symbol="XRPUSDT", leverage=500)
    assert response.status_code == 400
    assert (await response.get_json())["code"] == -4028


async def test_asking_for_cross_margin_is_minus_4046(sim: SimClient) -> None:
    response = await sim.signed("POST", "/fapi/v1/marginType", symbol="XRPUSDT", marginType="CROSSED")
    assert await response.get_json() == fixture("error_-4046_no_need_to_change_margin_type_reconstructed.json")


async def test_the_position_mode_is_one_way_until_switched_and_switching_twice_is_minus_4059(sim: SimClient) -> None:
    before = await (await sim.signed("GET", "/fapi/v1/positionSide/dual")).get_json()
    switched = await (await sim.signed("POST", "/fapi/v1/positionSide/dual", dualSidePosition="true")).get_json()
    after = await (await sim.signed("GET", "/fapi/v1/positionSide/dual")).get_json()
    again = await sim.signed("POST", "/fapi/v1/positionSide/dual", dualSidePosition="true")

    assert (before, switched, after) == (
        {"dualSidePosition": False},
        {"code": 200, "msg": "success"},
        {"dualSidePosition": True},
    )
    assert (again.status_code, (await again.get_json())["code"]) == (400, -4059)


async def test_a_listen_key_is_kept_alive_and_closed(sim: SimClient) -> None:
    created = await (await sim.keyed("POST", "/fapi/v1/listenKey")).get_json()
    assert_same_shape(created, fixture("rest_listen_key_post.json"))
    assert len(created["listenKey"]) == 64
    again = await (await sim.keyed("POST", "/fapi/v1/listenKey")).get_json()
    assert again == created
    assert await (await sim.keyed("PUT", "/fapi/v1/listenKey")).get_json() == created
    assert await (await sim.keyed("DELETE", "/fapi/v1/listenKey")).get_json() == {}
    assert (await (await sim.keyed("PUT", "/fapi/v1/listenKey")).get_json())["code"] == -1125


async def test_a_listen_key_expires_after_60_simulated_minutes_without_keepalive(sim: SimClient) -> None:
    first = await (await sim.keyed("POST", "/fapi/v1/listenKey")).get_json()
    sim.simulation.clock.advance(timedelta(minutes=60))
    assert (await (await sim.keyed("PUT", "/fapi/v1/listenKey")).get_json())["code"] == -1125
    second = await (await sim.keyed("POST", "/fapi/v1/listenKey")).get_json()
    assert second["listenKey"] != first["listenKey"]


async def test_account_v3_has_the_fixture_shape_and_lists_the_open_position(sim: SimClient) -> None:
    await buy_market(sim)
    body = await (await sim.signed("GET", "/fapi/v3/account")).get_json()
    real, docs = fixture("rest_account_v3_2024.json"), fixture("rest_account_v3_docs_example.json")
    assert_same_shape(body, real)
    assert_same_shape(body["assets"][0], real["assets"][0], docs["assets"][0])
    assert_same_shape(body["positions"][0], real["positions"][0], docs["positions"][0])
    assert (body["positions"][0]["symbol"], body["positions"][0]["positionAmt"]) == ("XRPUSDT", "20.0")
    assert body["totalWalletBalance"] == body["assets"][0]["walletBalance"]
