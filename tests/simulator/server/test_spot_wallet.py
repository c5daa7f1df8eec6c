"""The spot host's wallet on the simulator's port: /api/v3/account, POST and GET /sapi/v1/asset/transfer, and what a
transfer does to the futures wallet (ACCOUNT_UPDATE DEPOSIT / WITHDRAW, a TRANSFER income row, the updateTime)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from adapters.simulator.exchange.events import AccountUpdate
from adapters.simulator.simulation import Simulation, SimulationOptions
from adapters.simulator.wire.user_data_json import user_data_json
from tests.simulator.server.support import SimClient, assert_same_shape, fixture

pytestmark = pytest.mark.anyio

TRANSFER = "/sapi/v1/asset/transfer"


@pytest.fixture
def simulation() -> Simulation:
    return Simulation(SimulationOptions(seed=42, real=None, spot_balance=Decimal("500")))


async def transfer(sim: SimClient, kind: str, amount: str, asset: str = "USDT") -> Any:
    return await sim.signed("POST", TRANSFER, type=kind, asset=asset, amount=amount)


async def futures_wallet(sim: SimClient) -> Decimal:
    rows = await (await sim.signed("GET", "/fapi/v3/balance")).get_json()
    return Decimal(rows[0]["balance"])


async def spot_free(sim: SimClient) -> Decimal:
    body = await (await sim.signed("GET", "/api/v3/account")).get_json()
    return Decimal(next(row["free"] for row in body["balances"] if row["asset"] == "USDT"))


async def test_a_transfer_each_way_moves_both_wallets_and_answers_its_tran_id(sim: SimClient) -> None:
    response = await transfer(sim, "MAIN_UMFUTURE", "120.5")
    body = await response.get_json()
    assert response.status_code == 200
    assert set(body) == {"tranId"} and isinstance(body["tranId"], int)
    assert (await spot_free(sim), await futures_wallet(sim)) == (Decimal("379.5"), Decimal("10120.5"))
    back = await (await transfer(sim, "UMFUTURE_MAIN", "20.5")).get_json()
    assert back["tranId"] > body["tranId"]
    assert (await spot_free(sim), await futures_wallet(sim)) == (Decimal("400"), Decimal("10100"))


async def test_the_spot_account_has_the_docs_keys_and_eight_decimal_balances(sim: SimClient) -> None:
    body = await (await sim.signed("GET", "/api/v3/account")).get_json()
    assert body["accountType"] == "SPOT" and body["updateTime"] == 0
    assert body["balances"] == [{"asset": "USDT", "free": "500.00000000", "locked": "0.00000000"}]
    assert {"makerCommission", "commissionRates", "canTrade", "permissions", "uid"} <= set(body)
    await transfer(sim, "MAIN_UMFUTURE", "500")
    emptied = await (await sim.signed("GET", "/api/v3/account", omitZeroBalances="true")).get_json()
    assert emptied["balances"] == [] and emptied["updateTime"] == sim.simulation.engine.spot_update_time > 0


async def test_a_transfer_sends_account_update_deposit_then_withdraw_in_the_fixture_shape(sim: SimClient) -> None:
    engine = sim.simulation.engine
    engine.drain_events()
    await transfer(sim, "MAIN_UMFUTURE", "10")
    await transfer(sim, "UMFUTURE_MAIN", "10")
    frames = [user_data_json(event, engine.spec) for event in engine.drain_events() if isinstance(event, AccountUpdate)]
    deposit, withdraw = frames
    for frame, name in (
        (deposit, "ws_account_update_deposit_2026.json"),
        (withdraw, "ws_account_update_withdraw_2026.json"),
    ):
        expected = fixture(name)
        assert_same_shape(frame, expected)
        assert frame["a"]["m"] == expected["a"]["m"] and frame["a"]["P"] == []
        assert_same_shape(frame["a"]["B"][0], expected["a"]["B"][0])
    assert amounts(deposit) == (Decimal("10"), Decimal("10010"))
    assert amounts(withdraw) == (Decimal("-10"), Decimal("10000"))


def amounts(frame: dict[str, Any]) -> tuple[Decimal, Decimal]:
    row = frame["a"]["B"][0]
    return Decimal(row["bc"]), Decimal(row["wb"])


async def test_a_transfer_is_a_transfer_income_row_with_its_tran_id_and_moves_the_asset_update_time(
    sim: SimClient,
) -> None:
    tran_id = (await (await transfer(sim, "MAIN_UMFUTURE", "7")).get_json())["tranId"]
    rows = await (await sim.signed("GET", "/fapi/v1/income", incomeType="TRANSFER")).get_json()
    assert_same_shape(rows[0], fixture("rest_income_transfer_docs_example.json")[0])
    assert (rows[0]["income"], rows[0]["tranId"], rows[0]["symbol"]) == ("7.00000000", tran_id, "")
    balance = (await (await sim.signed("GET", "/fapi/v3/balance")).get_json())[0]
    assert balance["updateTime"] == rows[0]["time"] > 0


async def test_the_history_lists_one_type_newest_first_in_pages(sim: SimClient) -> None:
    ids = [(await (await transfer(sim, "MAIN_UMFUTURE", str(n))).get_json())["tranId"] for n in (1, 2, 3)]
    await transfer(sim, "UMFUTURE_MAIN", "1")
    page = await (await sim.signed("GET", TRANSFER, type="MAIN_UMFUTURE", size=2)).get_json()
    assert page["total"] == 3
    assert [row["tranId"] for row in page["rows"]] == [ids[2], ids[1]]
    assert page["rows"][0] == {
        "asset": "USDT",
        "amount": "3",
        "type": "MAIN_UMFUTURE",
        "status": "CONFIRMED",
        "tranId": ids[2],
        "timestamp": page["rows"][0]["timestamp"],
    }
    second = await (await sim.signed("GET", TRANSFER, type="MAIN_UMFUTURE", size=2, current=2)).get_json()
    assert [row["tranId"] for row in second["rows"]] == [ids[0]]
    later = page["rows"][0]["timestamp"] + 1
    assert await (await sim.signed("GET", TRANSFER, type="MAIN_UMFUTURE", startTime=later)).get_json() == {"total": 0}


@pytest.mark.parametrize(
    ("kind", "amount", "code", "message"),
    [
        ("MAIN_UMFUTURE", "500.01", -5013, "Asset transfer failed: insufficient balance"),
        ("UMFUTURE_MAIN", "10000.01", -5013, "Asset transfer failed: insufficient balance"),
        ("MAIN_MARGIN", "1", -1130, "Data sent for parameter 'type' is not valid."),
        ("MAIN_UMFUTURE", "0", -1130, "Data sent for parameter 'amount' is not valid."),
        ("MAIN_UMFUTURE", "-1", -1130, "Data sent for parameter 'amount' is not valid."),
        ("MAIN_UMFUTURE", "abc", -1130, "Data sent for parameter 'amount' is not valid."),
    ],
)
async def test_a_refused_transfer_names_binances_code_and_moves_nothing(
    sim: SimClient, kind: str, amount: str, code: int, message: str
) -> None:
    response = await transfer(sim, kind, amount)
    assert response.status_code == 400
    assert await response.get_json() == {"code": code, "msg": message}
    assert (await spot_free(sim), await futures_wallet(sim)) == (Decimal("500"), Decimal("10000"))


async def test_a_key_without_universal_transfer_is_refused_minus_1002(sim: SimClient) -> None:
    await sim.client.put("/_sim/permissions", json={"permitsUniversalTransfer": False})
    response = await transfer(sim, "MAIN_UMFUTURE", "1")
    assert (response.status_code, (await response.get_json())["code"]) == (401, -1002)
    restrictions = await (await sim.signed("GET", "/sapi/v1/account/apiRestrictions")).get_json()
    assert restrictions["permitsUniversalTransfer"] is False


async def test_an_unsigned_transfer_is_refused_and_the_weights_are_binances(sim: SimClient) -> None:
    response = await sim.client.post(f"{TRANSFER}?type=MAIN_UMFUTURE&asset=USDT&amount=1")
    assert response.status_code in (400, 401)
    before = int((await sim.signed("GET", TRANSFER, type="MAIN_UMFUTURE")).headers["X-MBX-USED-WEIGHT-1M"])
    after = int((await sim.signed("GET", "/api/v3/account")).headers["X-MBX-USED-WEIGHT-1M"])
    assert after - before == 20


async def test_an_unknown_503_on_a_transfer_executes_it_once_and_the_history_shows_it(sim: SimClient) -> None:
    await sim.client.put("/_sim/faults/unknown_503", json={"count": 1, "placed": True})
    response = await transfer(sim, "MAIN_UMFUTURE", "50")
    assert (response.status_code, (await response.get_json())["code"]) == (503, -1000)
    history = await (await sim.signed("GET", TRANSFER, type="MAIN_UMFUTURE")).get_json()
    assert history["total"] == 1 and history["rows"][0]["amount"] == "50"
    assert await futures_wallet(sim) == Decimal("10050")


async def test_the_state_shows_the_spot_wallet(sim: SimClient) -> None:
    await transfer(sim, "MAIN_UMFUTURE", "100")
    state = await (await sim.client.get("/_sim/state")).get_json()
    assert state["spotBalances"] == {"USDT": "400"} and state["balances"]["USDT"] == "10100"
