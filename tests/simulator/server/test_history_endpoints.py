"""Funding rate history, aggregate trades and continuous klines over the wire (ADR 0086)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from adapters.simulator.market.funding import EIGHT_HOURS
from adapters.simulator.simulation import Simulation, SimulationOptions
from domain.times import epoch_ms
from tests.simulator.server.support import SimClient, assert_same_shape, fixture

pytestmark = pytest.mark.anyio

EIGHT_HOURS_MS = EIGHT_HOURS // timedelta(milliseconds=1)


async def test_funding_rate_history_lists_the_settlements_since_the_markets_origin(sim: SimClient) -> None:
    # The market's history starts 12 hours before the start: two 8-hour marks, the last one at the start itself
    response = await sim.public("/fapi/v1/fundingRate", symbol="XRPUSDT", limit=3)
    rows = await response.get_json()
    market = sim.simulation.market
    settled = market.funding_between(market.origin, market.now)

    assert_same_shape(rows[0], {**fixture("rest_funding_rate_history_docs_example.json")[0], "markPrice": ""})
    assert [row["fundingTime"] for row in rows] == [epoch_ms(s.time) for s in settled]
    assert [Decimal(row["fundingRate"]) for row in rows] == [s.rate for s in settled]
    assert [Decimal(row["markPrice"]) for row in rows] == [s.mark_price for s in settled]
    assert [row["fundingTime"] for row in rows] == [epoch_ms(market.now) - EIGHT_HOURS_MS, epoch_ms(market.now)]
    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "1"


async def test_funding_rate_history_pages_forward_from_a_start_time_and_back_from_the_end(sim: SimClient) -> None:
    newest = await (await sim.public("/fapi/v1/fundingRate", symbol="XRPUSDT", limit=1)).get_json()
    oldest = await (await sim.public("/fapi/v1/fundingRate", symbol="XRPUSDT", startTime=0, limit=1)).get_json()
    before = await (
        await sim.public("/fapi/v1/fundingRate", symbol="XRPUSDT", endTime=newest[0]["fundingTime"] - 1)
    ).get_json()

    assert newest[0]["fundingTime"] - oldest[0]["fundingTime"] == EIGHT_HOURS_MS
    assert before == oldest


async def test_funding_rate_history_follows_an_accelerated_schedule() -> None:
    sim = SimClient(Simulation(SimulationOptions(real=None, funding_every=timedelta(minutes=1))))
    sim.simulation.clock.advance(timedelta(minutes=3, seconds=30))
    rows = await (await sim.public("/fapi/v1/fundingRate")).get_json()
    start = epoch_ms(sim.simulation.options.start)
    assert [row["fundingTime"] - start for row in rows][-4:] == [60_000 * n for n in range(4)]
    assert {row["symbol"] for row in rows} == {"XRPUSDT"}


async def test_funding_info_lists_nothing_on_the_default_8_hour_schedule(sim: SimClient) -> None:
    assert await (await sim.public("/fapi/v1/fundingInfo")).get_json() == []


async def test_funding_info_lists_the_symbol_on_another_interval_with_the_schedules_bounds() -> None:
    sim = SimClient(Simulation(SimulationOptions(real=None, funding_every=timedelta(hours=4))))
    rows = await (await sim.public("/fapi/v1/fundingInfo")).get_json()
    floor, cap = sim.simulation.market.funding_schedule.rate_bounds
    assert rows == [
        {
            "symbol": "XRPUSDT",
            "adjustedFundingRateCap": format(cap, ".8f"),
            "adjustedFundingRateFloor": format(floor, ".8f"),
            "fundingIntervalHours": 4,
            "disclaimer": False,
        }
    ]
    assert floor < 0 < cap


@pytest.mark.parametrize("limit", [0, 1001])
async def test_a_funding_limit_out_of_range_is_minus_1130(sim: SimClient, limit: int) -> None:
    response = await sim.public("/fapi/v1/fundingRate", symbol="XRPUSDT", limit=limit)
    assert (await response.get_json())["code"] == -1130


async def test_agg_trades_are_the_steps_of_the_tape_and_end_at_the_last_price(sim: SimClient) -> None:
    sim.simulation.clock.advance(timedelta(seconds=10))
    response = await sim.public("/fapi/v1/aggTrades", symbol="XRPUSDT", limit=5)
    rows = await response.get_json()
    stream = fixture("ws_agg_trade_docs_example.json")
    last = sim.simulation.market.price_update()

    assert set(rows[0]) == set(stream) - {"e", "E", "s", "st"}
    assert [row["a"] for row in rows] == list(range(last.agg_trade_id - 4, last.agg_trade_id + 1))
    assert (rows[-1]["p"], rows[-1]["T"]) == (format(last.price, "f"), epoch_ms(last.time))
    assert all(row["l"] >= row["f"] and row["nq"] == row["q"] for row in rows)
    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "20"


async def test_agg_trades_from_an_id_or_a_start_time_go_forward(sim: SimClient) -> None:
    sim.simulation.clock.advance(timedelta(seconds=10))
    newest = await (await sim.public("/fapi/v1/aggTrades", symbol="XRPUSDT", limit=10)).get_json()
    from_id = await (
        await sim.public("/fapi/v1/aggTrades", symbol="XRPUSDT", fromId=newest[2]["a"], limit=3)
    ).get_json()
    from_time = await (
        await sim.public("/fapi/v1/aggTrades", symbol="XRPUSDT", startTime=newest[2]["T"], limit=3)
    ).get_json()
    beyond = await (await sim.public("/fapi/v1/aggTrades", symbol="XRPUSDT", fromId=newest[-1]["a"] + 1)).get_json()

    assert from_id == from_time == newest[2:5]
    assert beyond == []


async def test_continuous_klines_of_the_perpetual_are_its_klines(sim: SimClient) -> None:
    klines = await (await sim.public("/fapi/v1/klines", symbol="XRPUSDT", interval="1m", limit=4)).get_json()
    response = await sim.public(
        "/fapi/v1/continuousKlines", pair="XRPUSDT", contractType="PERPETUAL", interval="1m", limit=4
    )
    assert await response.get_json() == klines
    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "2"


async def test_continuous_klines_of_a_delivery_contract_are_refused(sim: SimClient) -> None:
    response = await sim.public(
        "/fapi/v1/continuousKlines", pair="XRPUSDT", contractType="CURRENT_QUARTER", interval="1m"
    )
    assert await response.get_json() == {"code": -1130, "msg": "Data sent for parameter 'contractType' is not valid."}
