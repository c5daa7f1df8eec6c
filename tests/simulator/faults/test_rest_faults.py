"""Each REST fault does what it says, seen by a signed Binance client on the wire face."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from adapters.simulator.faults.rest import RestFaults
from adapters.simulator.faults.setting import FaultSetting
from adapters.simulator.wire.signing import sign
from domain.times import epoch_ms
from tests.simulator.server.support import KEY, SECRET, SimClient

pytestmark = pytest.mark.anyio

ORDER = "/fapi/v1/order"
UNKNOWN_503 = {"code": -1000, "msg": "Unknown error, please check your request or try again later."}
TIMEOUT_1007 = {
    "code": -1007,
    "msg": "Timeout waiting for response from backend server. Send status unknown; execution status unknown.",
}


def faults(sim: SimClient) -> RestFaults:
    return sim.app.config["SIM_FACE"].rest_faults


def client_ids(sim: SimClient) -> list[str]:
    return [order.client_order_id for order in sim.simulation.engine.oracle.orders]


async def place(sim: SimClient, client_id: str) -> Any:
    return await sim.signed(
        "POST", ORDER, symbol="XRPUSDT", side="BUY", type="MARKET", quantity="20", newClientOrderId=client_id
    )


async def test_unknown_503_with_the_order_placed_answers_503_and_the_oracle_has_the_order(sim: SimClient) -> None:
    faults(sim).arm("unknown_503", FaultSetting(placed=True))
    response = await place(sim, "ae-503-a")
    assert (response.status_code, await response.get_json()) == (503, UNKNOWN_503)
    assert client_ids(sim) == ["ae-503-a"]


async def test_unknown_503_without_the_order_placed_answers_503_and_the_oracle_has_no_order(sim: SimClient) -> None:
    faults(sim).arm("unknown_503", FaultSetting(placed=False))
    response = await place(sim, "ae-503-b")
    assert (response.status_code, await response.get_json()) == (503, UNKNOWN_503)
    assert client_ids(sim) == []


async def test_timeout_1007_with_the_order_placed_answers_408_and_the_oracle_has_the_order(sim: SimClient) -> None:
    faults(sim).arm("timeout_1007", FaultSetting(placed=True))
    response = await place(sim, "ae-1007-a")
    assert (response.status_code, await response.get_json()) == (408, TIMEOUT_1007)
    assert client_ids(sim) == ["ae-1007-a"]


async def test_timeout_1007_without_the_order_placed_leaves_the_oracle_empty(sim: SimClient) -> None:
    faults(sim).arm("timeout_1007", FaultSetting(placed=False))
    response = await place(sim, "ae-1007-b")
    assert (response.status_code, await response.get_json()) == (408, TIMEOUT_1007)
    assert client_ids(sim) == []


async def test_a_placement_fault_spoils_only_its_count_of_orders_and_never_a_query(sim: SimClient) -> None:
    faults(sim).arm("unknown_503", FaultSetting(count=1, placed=True))
    await place(sim, "ae-one")
    queried = await sim.signed("GET", ORDER, symbol="XRPUSDT", origClientOrderId="ae-one")
    second = await place(sim, "ae-two")
    assert queried.status_code == 200 and second.status_code == 200
    assert faults(sim).armed() == {}


async def test_an_unknown_outcome_fault_covers_algo_orders_too(sim: SimClient) -> None:
    faults(sim).arm("unknown_503", FaultSetting(placed=True))
    last = sim.simulation.market.last_price()
    response = await sim.signed(
        "POST",
        "/fapi/v1/algoOrder",
        algoType="CONDITIONAL",
        symbol="XRPUSDT",
        side="SELL",
        type="STOP_MARKET",
        triggerPrice=str(last - 100 * sim.simulation.spec.tick_size),
        closePosition="true",
        clientAlgoId="ae-sl-1",
    )
    assert response.status_code == 503
    assert [algo.client_algo_id for algo in sim.simulation.engine.oracle.algo_orders] == ["ae-sl-1"]


async def test_a_429_storm_refuses_its_count_of_requests_with_retry_after_then_lets_them_pass(sim: SimClient) -> None:
    faults(sim).arm("storm_429", FaultSetting(count=2))
    first, second = await sim.public("/fapi/v1/time"), await sim.public("/fapi/v1/time")
    third = await sim.public("/fapi/v1/time")
    assert [first.status_code, second.status_code, third.status_code] == [429, 429, 200]
    assert (await first.get_json())["code"] == -1003 and int(first.headers["Retry-After"]) >= 1
    assert [record.fault for record in faults(sim).log.records] == ["storm_429", "storm_429"]


async def test_a_timed_429_storm_lasts_its_simulated_duration(sim: SimClient) -> None:
    faults(sim).arm("storm_429", FaultSetting(count=None, duration=10))
    during = await sim.public("/fapi/v1/ping")
    assert faults(sim).armed()["storm_429"].duration == pytest.approx(10)
    sim.simulation.clock.advance(10)
    after = await sim.public("/fapi/v1/ping")
    assert (during.status_code, during.headers["Retry-After"], after.status_code) == (429, "10", 200)


async def test_a_storm_needs_a_count_or_a_duration(sim: SimClient) -> None:
    with pytest.raises(ValueError, match="storm_429 needs a count"):
        faults(sim).arm("storm_429", FaultSetting(count=None))


async def test_a_server_clock_ahead_refuses_a_correct_client_with_1021_until_it_resyncs(sim: SimClient) -> None:
    faults(sim).arm("clock_ahead", FaultSetting(count=None, seconds=10))
    refused = await sim.signed("GET", "/fapi/v2/balance")
    server_time = (await (await sim.public("/fapi/v1/time")).get_json())["serverTime"]
    resynced = await signed_at(sim, "/fapi/v2/balance", server_time)
    assert (refused.status_code, (await refused.get_json())["code"]) == (400, -1021)
    assert "outside of the recvWindow" in (await refused.get_json())["msg"]
    assert server_time == sim_time_ms(sim) + 10_000
    assert resynced.status_code == 200


async def test_a_server_clock_behind_finds_a_correct_client_ahead(sim: SimClient) -> None:
    faults(sim).arm("clock_behind", FaultSetting(count=None, seconds=2))
    refused = await sim.signed("GET", "/fapi/v2/balance")
    body = await refused.get_json()
    assert (refused.status_code, body["code"]) == (400, -1021)
    assert "ahead of the server's time" in body["msg"]


async def test_a_skew_ends_with_its_count_of_requests(sim: SimClient) -> None:
    faults(sim).arm("clock_ahead", FaultSetting(count=1, seconds=10))
    refused, accepted = await sim.signed("GET", "/fapi/v2/balance"), await sim.signed("GET", "/fapi/v2/balance")
    assert (refused.status_code, accepted.status_code) == (400, 200)


async def test_visibility_lag_answers_2013_for_a_fresh_order_then_finds_it(sim: SimClient) -> None:
    await place(sim, "ae-lag-1")
    faults(sim).arm("visibility_lag", FaultSetting(count=None, seconds=5))
    hidden = await sim.signed("GET", ORDER, symbol="XRPUSDT", origClientOrderId="ae-lag-1")
    order_id = sim.simulation.engine.oracle.orders[0].order_id
    hidden_by_id = await sim.signed("GET", ORDER, symbol="XRPUSDT", orderId=order_id)
    sim.simulation.clock.advance(timedelta(seconds=5))
    found = await sim.signed("GET", ORDER, symbol="XRPUSDT", origClientOrderId="ae-lag-1")
    assert (await hidden.get_json()) == {"code": -2013, "msg": "Order does not exist."}
    assert hidden_by_id.status_code == 400
    assert found.status_code == 200 and (await found.get_json())["clientOrderId"] == "ae-lag-1"


async def test_visibility_lag_hides_a_fresh_algo_order_too(sim: SimClient) -> None:
    last = sim.simulation.market.last_price()
    await sim.signed(
        "POST",
        "/fapi/v1/algoOrder",
        algoType="CONDITIONAL",
        symbol="XRPUSDT",
        side="SELL",
        type="STOP_MARKET",
        triggerPrice=str(last - 100 * sim.simulation.spec.tick_size),
        closePosition="true",
        clientAlgoId="ae-sl-lag",
    )
    faults(sim).arm("visibility_lag", FaultSetting(count=None, seconds=3))
    hidden = await sim.signed("GET", "/fapi/v1/algoOrder", clientAlgoId="ae-sl-lag")
    sim.simulation.clock.advance(3)
    found = await sim.signed("GET", "/fapi/v1/algoOrder", clientAlgoId="ae-sl-lag")
    assert ((await hidden.get_json())["code"], found.status_code) == (-2013, 200)


async def test_latency_delays_the_reply_it_is_armed_for_and_logs_it(sim: SimClient) -> None:
    faults(sim).arm("latency", FaultSetting(count=1, seconds=0.01))
    delayed = await sim.public("/fapi/v1/ping")
    plain = await sim.public("/fapi/v1/ping")
    assert (delayed.status_code, plain.status_code) == (200, 200)
    assert [(record.fault, record.detail) for record in faults(sim).log.records] == [
        ("latency", "GET /fapi/v1/ping delayed")
    ]


async def test_every_firing_is_in_the_fault_log_with_the_simulated_time(sim: SimClient) -> None:
    faults(sim).arm("unknown_503", FaultSetting(placed=False))
    await place(sim, "ae-logged")
    [record] = faults(sim).log.records
    assert (record.fault, record.time) == ("unknown_503", sim_time_ms(sim))
    assert "not executed" in record.detail


async def test_arming_an_unknown_fault_names_it(sim: SimClient) -> None:
    with pytest.raises(ValueError, match="unknown REST fault 'ws_drop'"):
        faults(sim).arm("ws_drop", FaultSetting())


def sim_time_ms(sim: SimClient) -> int:
    return epoch_ms(sim.simulation.clock.now())


async def signed_at(sim: SimClient, path: str, timestamp: int) -> Any:
    """A signed GET stamped with `timestamp`, as a client that synced its clock to the server's would send it."""
    query = f"timestamp={timestamp}"
    return await sim.client.get(f"{path}?{query}&signature={sign(query, '', SECRET)}", headers={"X-MBX-APIKEY": KEY})
