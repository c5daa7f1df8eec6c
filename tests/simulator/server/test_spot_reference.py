"""The spot host's reference lists clients read at start-up: GET /sapi/v1/capital/config/getall (the simulated
symbols' assets, signed), GET /sapi/v1/margin/allPairs (none: the simulator has no spot margin; API key only) and
GET /sapi/v1/system/status (normal, public)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.simulator.simulation import Simulation, SimulationOptions
from tests.simulator.server.support import SimClient

pytestmark = pytest.mark.anyio

# The keys of one coin in the docs' example (developers.binance.com, wallet/capital/all-coins-info)
COIN_KEYS = {
    "coin",
    "depositAllEnable",
    "withdrawAllEnable",
    "name",
    "free",
    "locked",
    "freeze",
    "withdrawing",
    "ipoing",
    "ipoable",
    "storage",
    "isLegalMoney",
    "trading",
    "networkList",
}


async def test_the_coins_are_the_assets_of_the_simulated_symbols_with_binances_keys(sim: SimClient) -> None:
    response = await sim.signed("GET", "/sapi/v1/capital/config/getall")
    body = await response.get_json()

    assert response.status_code == 200
    assert all(set(coin) == COIN_KEYS for coin in body)
    coins = {coin["coin"]: coin for coin in body}
    assert {"USDT", "XRP"} <= set(coins)
    assert (coins["USDT"]["name"], coins["USDT"]["trading"], coins["USDT"]["isLegalMoney"]) == ("TetherUS", True, False)
    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "10"


async def test_a_coins_free_amount_is_what_the_spot_wallet_holds() -> None:
    sim = SimClient(Simulation(SimulationOptions(seed=42, real=None, spot_balance=Decimal("250.5"))))

    body = await (await sim.signed("GET", "/sapi/v1/capital/config/getall")).get_json()

    coins = {coin["coin"]: coin for coin in body}
    assert (coins["USDT"]["free"], coins["XRP"]["free"], coins["USDT"]["locked"]) == ("250.5", "0", "0")


async def test_no_coin_can_be_deposited_or_withdrawn_on_the_simulator(sim: SimClient) -> None:
    body = await (await sim.signed("GET", "/sapi/v1/capital/config/getall")).get_json()

    assert {(coin["depositAllEnable"], coin["withdrawAllEnable"], len(coin["networkList"])) for coin in body} == {
        (False, False, 0)
    }


async def test_the_coin_list_is_signed_like_every_user_data_endpoint(sim: SimClient) -> None:
    unsigned = await sim.keyed("GET", "/sapi/v1/capital/config/getall")

    assert (unsigned.status_code, (await unsigned.get_json())["code"]) == (400, -1102)


async def test_there_is_no_cross_margin_pair_and_the_list_needs_only_the_api_key(sim: SimClient) -> None:
    keyed = await sim.keyed("GET", "/sapi/v1/margin/allPairs")
    signed = await sim.signed("GET", "/sapi/v1/margin/allPairs")
    anonymous = await sim.public("/sapi/v1/margin/allPairs")

    assert (keyed.status_code, await keyed.get_json()) == (200, [])
    assert (signed.status_code, await signed.get_json()) == (200, [])
    assert (anonymous.status_code, (await anonymous.get_json())["code"]) == (401, -2014)


async def test_the_system_status_is_normal_and_public(sim: SimClient) -> None:
    response = await sim.public("/sapi/v1/system/status")

    assert (response.status_code, await response.get_json()) == (200, {"status": 0, "msg": "normal"})
    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "1"
