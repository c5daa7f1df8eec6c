"""Public endpoints of the wire server: ping, time, exchangeInfo, klines, premiumIndex, unknown paths."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.times import epoch_ms
from tests.simulator.server.support import SimClient, assert_same_shape, fixture, json_types

pytestmark = pytest.mark.anyio


async def test_ping_answers_an_empty_object(sim: SimClient) -> None:
    response = await sim.public("/fapi/v1/ping")
    assert response.status_code == 200
    assert await response.get_json() == fixture("rest_ping.json")


async def test_time_reports_the_simulated_clock_in_milliseconds(sim: SimClient) -> None:
    sim.simulation.clock.advance(timedelta(seconds=90))
    body = await (await sim.public("/fapi/v1/time")).get_json()
    assert_same_shape(body, fixture("rest_time.json"))
    assert body["serverTime"] == epoch_ms(sim.simulation.clock.now())


async def test_exchange_info_has_the_fixture_shape_and_the_symbol_filters(sim: SimClient) -> None:
    body = await (await sim.public("/fapi/v1/exchangeInfo")).get_json()
    expected = fixture("rest_exchange_info_btcusdt_ethusdt_2022.json")
    assert set(body) == set(expected)
    assert_same_shape(body["symbols"][0], expected["symbols"][0])
    filters = {row["filterType"]: row for row in body["symbols"][0]["filters"]}
    assert filters["PRICE_FILTER"]["tickSize"] == "0.0001"
    assert filters["LOT_SIZE"]["stepSize"] == "0.1"
    assert filters["MIN_NOTIONAL"]["notional"] == "5"
    assert {row["filterType"] for row in expected["symbols"][0]["filters"]} == set(filters)


async def test_klines_rows_have_the_fixture_types_and_the_symbol_decimals(sim: SimClient) -> None:
    response = await sim.public("/fapi/v1/klines", symbol="XRPUSDT", interval="1m", limit=3)
    rows = await response.get_json()
    assert len(rows) == 3
    assert json_types(rows) == json_types(fixture("rest_klines_btcusdt_1m_2024.json"))
    assert len(rows[0][1].split(".")[1]) == 4
    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "1"


async def test_klines_with_an_unknown_interval_is_an_invalid_parameter(sim: SimClient) -> None:
    response = await sim.public("/fapi/v1/klines", symbol="XRPUSDT", interval="7m")
    assert response.status_code == 400
    assert (await response.get_json())["code"] == -1130


async def test_premium_index_has_the_fixture_shape(sim: SimClient) -> None:
    body = await (await sim.public("/fapi/v1/premiumIndex", symbol="XRPUSDT")).get_json()
    assert_same_shape(body, fixture("rest_premium_index_btcusdt_docs_example.json"))
    assert body["symbol"] == "XRPUSDT"


async def test_an_unknown_symbol_is_minus_1121(sim: SimClient) -> None:
    response = await sim.public("/fapi/v1/premiumIndex", symbol="DOGEUSDT")
    assert (await response.get_json()) == {"code": -1121, "msg": "Invalid symbol."}


async def test_an_unknown_path_is_a_404_with_a_json_body(sim: SimClient) -> None:
    await sim.public("/fapi/v1/time")
    response = await sim.public("/fapi/v9/nothing")
    assert response.status_code == 404
    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "1"
    assert (await response.get_json())["code"] == -1000


async def test_the_market_moves_with_the_simulated_clock_between_requests(sim: SimClient) -> None:
    before = (await (await sim.public("/fapi/v1/premiumIndex", symbol="XRPUSDT")).get_json())["time"]
    sim.simulation.clock.advance(timedelta(minutes=5))
    after = (await (await sim.public("/fapi/v1/premiumIndex", symbol="XRPUSDT")).get_json())["time"]
    assert after - before == 5 * 60_000
    assert sim.simulation.market.now == sim.simulation.clock.now()
