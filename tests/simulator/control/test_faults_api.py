"""/_sim/faults: list, arm, clear and read the log of every fault, REST and stream, by name."""

from __future__ import annotations

from typing import Any

import pytest

from tests.simulator.control.test_state_and_market import buy, call
from tests.simulator.server.support import SimClient

pytestmark = pytest.mark.anyio


async def test_the_fault_list_names_every_known_fault_and_none_is_armed(sim: SimClient) -> None:
    status, faults = await call(sim, "GET", "/_sim/faults")
    assert status == 200 and faults["armed"] == {}
    assert {
        "ack_lost",
        "unknown_503",
        "timeout_1007",
        "storm_429",
        "clock_ahead",
        "clock_behind",
        "visibility_lag",
        "latency",
    } <= set(faults["known"])


async def test_arming_a_fault_shows_it_with_its_setting_and_it_fires(sim: SimClient) -> None:
    status, faults = await call(sim, "PUT", "/_sim/faults/unknown_503", {"count": 1, "placed": False})
    refused = await sim.signed("POST", "/fapi/v1/order", symbol="XRPUSDT", side="BUY", type="MARKET", quantity="20")
    assert status == 200
    assert faults["armed"] == {"unknown_503": {"count": 1, "duration": None, "seconds": 0.0, "placed": False}}
    assert refused.status_code == 503 and sim.simulation.engine.oracle.orders == ()


async def test_an_empty_body_arms_the_default_setting(sim: SimClient) -> None:
    response = await sim.client.put("/_sim/faults/ack_lost")
    assert (await response.get_json())["armed"]["ack_lost"] == {
        "count": 1,
        "duration": None,
        "seconds": 0.0,
        "placed": True,
    }


async def test_stream_faults_are_armed_through_the_same_api(sim: SimClient) -> None:
    _, faults = await call(sim, "GET", "/_sim/faults")
    stream_fault = next(name for name in faults["known"] if name.startswith("ws_"))
    status, armed = await call(sim, "PUT", f"/_sim/faults/{stream_fault}", {"count": 2})
    assert status == 200 and armed["armed"][stream_fault]["count"] == 2


async def test_clearing_one_fault_leaves_the_others(sim: SimClient) -> None:
    await call(sim, "PUT", "/_sim/faults/latency", {"seconds": 1, "count": None})
    await call(sim, "PUT", "/_sim/faults/clock_ahead", {"seconds": 10})
    status, faults = await call(sim, "DELETE", "/_sim/faults/latency")
    assert status == 200 and list(faults["armed"]) == ["clock_ahead"]


async def test_clearing_all_faults_disarms_every_one(sim: SimClient) -> None:
    await call(sim, "PUT", "/_sim/faults/latency", {"seconds": 1})
    await call(sim, "PUT", "/_sim/faults/storm_429", {"count": 3})
    status, faults = await call(sim, "DELETE", "/_sim/faults")
    assert status == 200 and faults["armed"] == {}
    assert (await sim.public("/fapi/v1/ping")).status_code == 200


async def test_an_unknown_fault_is_a_404_naming_it(sim: SimClient) -> None:
    for method in ("PUT", "DELETE"):
        status, answer = await call(sim, method, "/_sim/faults/meteor_strike", {})
        assert status == 404 and "meteor_strike" in answer["error"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"count": 0}, "count"),
        ({"seconds": "2"}, "seconds"),
        ({"placed": 1}, "placed"),
        ({"delay": 1}, "delay"),
        ({"duration": -1}, "duration"),
        ("nope", "body"),
    ],
)
async def test_a_bad_setting_is_a_400_naming_the_field(sim: SimClient, body: Any, field: str) -> None:
    status, answer = await call(sim, "PUT", "/_sim/faults/latency", body)
    assert (status, answer["field"]) == (400, field)


async def test_a_storm_without_count_or_duration_is_a_400(sim: SimClient) -> None:
    status, answer = await call(sim, "PUT", "/_sim/faults/storm_429", {"count": None})
    assert status == 400 and "storm_429 needs a count" in answer["error"]


async def test_the_fault_log_lists_each_firing_in_order(sim: SimClient) -> None:
    await call(sim, "PUT", "/_sim/faults/timeout_1007", {"placed": True})
    await buy_expecting(sim, 408)
    await call(sim, "PUT", "/_sim/faults/storm_429", {"count": 1})
    await sim.public("/fapi/v1/ping")
    status, log = await call(sim, "GET", "/_sim/faults/log")
    assert status == 200 and [entry["fault"] for entry in log] == ["timeout_1007", "storm_429"]
    assert all(isinstance(entry["time"], int) and entry["detail"] for entry in log)


async def buy_expecting(sim: SimClient, status: int) -> None:
    response = await sim.signed("POST", "/fapi/v1/order", symbol="XRPUSDT", side="BUY", type="MARKET", quantity="20")
    assert response.status_code == status


async def test_reset_starts_a_fresh_simulation_with_faults_and_listen_keys_cleared(sim: SimClient) -> None:
    await buy(sim, "ae-before-reset")
    await call(sim, "PUT", "/_sim/faults/latency", {"seconds": 1, "count": None})
    listen_key = await (await sim.keyed("POST", "/fapi/v1/listenKey")).get_json()
    status, answer = await call(sim, "POST", "/_sim/reset")
    _, state = await call(sim, "GET", "/_sim/state")
    _, faults = await call(sim, "GET", "/_sim/faults")
    kept_alive = await sim.client.put(
        f"/fapi/v1/listenKey?listenKey={listen_key['listenKey']}", headers={"X-MBX-APIKEY": "SimKey1"}
    )
    assert status == 200 and answer["seed"] == 42
    assert state["orders"] == [] and state["balances"] == {"USDT": "10000"} and faults["armed"] == {}
    assert (await kept_alive.get_json())["code"] == -1125


async def test_a_reset_simulation_replays_the_same_seed_identically(sim: SimClient) -> None:
    await call(sim, "POST", "/_sim/reset")
    await buy(sim, "ae-replay")
    _, first = await call(sim, "GET", "/_sim/state")
    await call(sim, "POST", "/_sim/reset")
    await buy(sim, "ae-replay")
    _, second = await call(sim, "GET", "/_sim/state")
    assert first["trades"] == second["trades"] and first["orders"] == second["orders"]
