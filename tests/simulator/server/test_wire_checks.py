"""The wire layer in front of every endpoint: API key, signature, timestamp, rate-limit headers, 429."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest

from adapters.simulator.wire.rate_limits import Limits
from adapters.simulator.wire.signing import sign
from domain.times import epoch_ms
from tests.simulator.server.support import KEY, SECRET, SimClient, fixture, signed_query

pytestmark = pytest.mark.anyio

BALANCE = "/fapi/v3/balance"


async def test_a_wrong_secret_is_minus_1022(sim: SimClient) -> None:
    query = signed_query(sim.simulation, secret="NotTheSecret")
    response = await sim.client.get(f"{BALANCE}?{query}", headers={"X-MBX-APIKEY": KEY})
    assert response.status_code == 400
    assert await response.get_json() == {"code": -1022, "msg": "Signature for this request is not valid."}


async def test_a_tampered_query_is_minus_1022(sim: SimClient) -> None:
    query = signed_query(sim.simulation, symbol="XRPUSDT").replace("XRPUSDT", "BTCUSDT")
    response = await sim.client.get(f"/fapi/v3/positionRisk?{query}", headers={"X-MBX-APIKEY": KEY})
    assert (await response.get_json())["code"] == -1022


async def test_the_signature_covers_the_raw_body_of_a_post(sim: SimClient) -> None:
    timestamp = epoch_ms(sim.simulation.clock.now())
    body = urlencode({"symbol": "XRPUSDT", "leverage": 7, "timestamp": timestamp})
    signed = f"{body}&signature={sign('', body, SECRET)}"
    response = await sim.client.post(
        "/fapi/v1/leverage",
        data=signed,
        headers={"X-MBX-APIKEY": KEY, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200, await response.get_json()
    assert (await response.get_json())["leverage"] == 7


async def test_a_missing_api_key_is_minus_2014(sim: SimClient) -> None:
    response = await sim.client.get(f"{BALANCE}?{signed_query(sim.simulation)}")
    assert response.status_code == 401
    assert (await response.get_json())["code"] == -2014


async def test_an_unknown_api_key_is_minus_2015(sim: SimClient) -> None:
    response = await sim.client.get(f"{BALANCE}?{signed_query(sim.simulation)}", headers={"X-MBX-APIKEY": "Other1"})
    assert response.status_code == 401
    assert (await response.get_json())["code"] == -2015


async def test_a_listen_key_needs_the_api_key_but_no_signature(sim: SimClient) -> None:
    assert (await sim.keyed("POST", "/fapi/v1/listenKey")).status_code == 200
    assert (await (await sim.client.post("/fapi/v1/listenKey")).get_json())["code"] == -2014


async def test_a_timestamp_older_than_the_recv_window_is_minus_1021(sim: SimClient) -> None:
    query = signed_query(sim.simulation)
    sim.simulation.clock.advance(timedelta(seconds=6))
    response = await sim.client.get(f"{BALANCE}?{query}", headers={"X-MBX-APIKEY": KEY})
    assert await response.get_json() == fixture("error_-1021_timestamp_outside_recvwindow.json")


async def test_every_response_carries_the_used_weight_header(sim: SimClient) -> None:
    first = await sim.public("/fapi/v1/time")
    second = await sim.signed("GET", BALANCE)
    refused = await sim.client.get(
        f"{BALANCE}?{signed_query(sim.simulation, secret='Wrong1')}", headers={"X-MBX-APIKEY": KEY}
    )
    assert [r.headers["X-MBX-USED-WEIGHT-1M"] for r in (first, second, refused)] == ["1", "6", "11"]


async def test_the_weight_window_resets_each_simulated_minute(sim: SimClient) -> None:
    await sim.signed("GET", BALANCE)
    sim.simulation.clock.advance(timedelta(minutes=1))
    assert (await sim.public("/fapi/v1/time")).headers["X-MBX-USED-WEIGHT-1M"] == "1"


async def test_going_over_the_weight_limit_is_a_429_with_retry_after(sim: SimClient) -> None:
    sim.app.config["SIM_FACE"].limiter.limits = Limits(weight_per_minute=3)
    for _ in range(3):
        assert (await sim.public("/fapi/v1/time")).status_code == 200
    response = await sim.public("/fapi/v1/time")
    assert response.status_code == 429
    assert (await response.get_json())["code"] == -1003
    assert int(response.headers["Retry-After"]) >= 1
