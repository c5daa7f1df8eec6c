"""What the simulator's keys may do: GET /sapi/v1/account/apiRestrictions and /fapi/v1/accountConfig with Binance's
keys, changed through PUT /_sim/permissions (ADR 0076)."""

from __future__ import annotations

import pytest

from tests.simulator.server.support import SimClient

pytestmark = pytest.mark.anyio

# The keys of the docs' example (developers.binance.com, wallet/account/api-key-permission)
RESTRICTION_KEYS = {
    "ipRestrict",
    "createTime",
    "enableReading",
    "enableWithdrawals",
    "enableInternalTransfer",
    "enableMargin",
    "enableFutures",
    "permitsUniversalTransfer",
    "enableVanillaOptions",
    "enableFixApiTrade",
    "enableFixReadOnly",
    "enableSpotAndMarginTrading",
    "enablePortfolioMarginTrading",
}
# The keys of GET /fapi/v1/accountConfig's docs example
ACCOUNT_CONFIG_KEYS = {
    "feeTier",
    "canTrade",
    "canDeposit",
    "canWithdraw",
    "dualSidePosition",
    "updateTime",
    "multiAssetsMargin",
    "tradeGroupId",
}


async def test_a_fresh_key_reads_and_trades_futures_and_cannot_withdraw(sim: SimClient) -> None:
    response = await sim.signed("GET", "/sapi/v1/account/apiRestrictions")
    body = await response.get_json()

    assert response.status_code == 200 and set(body) == RESTRICTION_KEYS
    assert (body["enableReading"], body["enableFutures"], body["enableWithdrawals"], body["ipRestrict"]) == (
        True,
        True,
        False,
        False,
    )
    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "1"


async def test_the_restrictions_are_signed_like_every_user_data_endpoint(sim: SimClient) -> None:
    unsigned = await sim.keyed("GET", "/sapi/v1/account/apiRestrictions")

    assert (unsigned.status_code, (await unsigned.get_json())["code"]) == (400, -1102)


async def test_a_test_enables_withdrawals_and_the_endpoint_says_so(sim: SimClient) -> None:
    changed = await sim.client.put("/_sim/permissions", json={"enableWithdrawals": True, "ipRestrict": True})
    body = await (await sim.signed("GET", "/sapi/v1/account/apiRestrictions")).get_json()

    assert changed.status_code == 200 and (await changed.get_json())["enableWithdrawals"] is True
    assert (body["enableWithdrawals"], body["ipRestrict"], body["enableFutures"]) == (True, True, True)


async def test_a_wrong_permission_changes_nothing(sim: SimClient) -> None:
    unknown = await sim.client.put("/_sim/permissions", json={"enableWithdrawals": True, "enableMoon": True})
    not_bool = await sim.client.put("/_sim/permissions", json={"enableFutures": "no"})
    now = await (await sim.client.get("/_sim/permissions")).get_json()

    assert unknown.status_code == 400 and "enableMoon: unknown field" in (await unknown.get_json())["error"]
    assert (
        not_bool.status_code == 400 and "enableFutures: must be true or false" in (await not_bool.get_json())["error"]
    )
    assert now == {
        "ipRestrict": False,
        "enableReading": True,
        "enableFutures": True,
        "enableWithdrawals": False,
        "canTrade": True,
        "permitsUniversalTransfer": True,
    }


async def test_the_account_config_says_whether_the_account_may_trade(sim: SimClient) -> None:
    before = await (await sim.signed("GET", "/fapi/v1/accountConfig")).get_json()
    await sim.client.put("/_sim/permissions", json={"canTrade": False})
    after = await (await sim.signed("GET", "/fapi/v1/accountConfig")).get_json()

    assert set(before) == ACCOUNT_CONFIG_KEYS
    assert (before["canTrade"], before["dualSidePosition"], after["canTrade"]) == (True, False, False)


async def test_a_reset_gives_the_keys_their_first_permissions_back(sim: SimClient) -> None:
    await sim.client.put("/_sim/permissions", json={"enableWithdrawals": True})
    await sim.client.post("/_sim/reset")

    assert (await (await sim.client.get("/_sim/permissions")).get_json())["enableWithdrawals"] is False
