"""The governor against the simulator's real limiter: its headers, a 429 storm and a 418 ban."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.events import RateLimitState
from ports.errors import RateLimited
from tests.binance.rest.support import SYMBOL, market, sim_bench

pytestmark = pytest.mark.anyio

CLIENT_IP = "127.0.0.1"  # what httpx.ASGITransport reports as the caller


async def test_the_governor_reads_the_simulators_used_weight_on_every_response() -> None:
    bench = sim_bench()
    await bench.gateway.position(SYMBOL)
    await bench.gateway.balances()
    # time 1, positionRisk 5, symbolConfig 5, balance 5
    assert bench.gateway.governor.used_weight == bench.face.limiter.used_weight(CLIENT_IP) == 16


async def test_heavy_polling_moves_the_governor_to_warn_from_real_headers() -> None:
    bench = sim_bench()
    for _ in range(50):
        await bench.gateway.income(SYMBOL, None)
    assert [c.state for c in bench.changes] == [RateLimitState.WARN]
    assert bench.changes[0].used_weight >= 1500


async def test_a_429_storm_refuses_polling_with_the_servers_retry_after() -> None:
    bench = sim_bench()
    await bench.gateway.server_time()
    bench.face.limiter.storm.force_next(1)
    with pytest.raises(RateLimited) as limited:
        await bench.gateway.balances()
    assert not limited.value.banned
    assert limited.value.until == bench.simulation.clock.now() + timedelta(seconds=60)
    assert bench.changes[-1].state is RateLimitState.LIMITED


async def test_polling_during_the_pause_is_refused_without_asking_the_server() -> None:
    bench = sim_bench()
    bench.face.limiter.storm.force_next(1)
    with pytest.raises(RateLimited):
        await bench.gateway.balances()
    sent = len(bench.transport.requests)
    with pytest.raises(RateLimited):
        await bench.gateway.open_orders(SYMBOL)
    assert len(bench.transport.requests) == sent


async def test_an_order_refused_by_a_429_waits_retry_after_and_goes_once_more() -> None:
    bench = sim_bench()
    await bench.gateway.server_time()
    bench.face.limiter.storm.force_next(1)
    placed = await bench.gateway.place_order(market("20"))
    assert placed.filled_qty == 20
    assert bench.sleeps.waits == [60.0]
    assert bench.transport.paths("POST") == ["/fapi/v1/order", "/fapi/v1/order"]
    assert len(bench.simulation.engine.user_trades(SYMBOL)) == 1


async def test_an_order_refused_by_two_429s_in_a_row_reports_rate_limited() -> None:
    bench = sim_bench()
    await bench.gateway.server_time()
    bench.face.limiter.storm.force_next(2)
    with pytest.raises(RateLimited):
        await bench.gateway.place_order(market("20"))
    assert bench.simulation.engine.user_trades(SYMBOL) == []


async def test_a_418_ban_stops_every_request_until_it_ends() -> None:
    bench = sim_bench()
    await bench.gateway.server_time()
    bench.face.limiter.ban(CLIENT_IP, timedelta(minutes=2))
    with pytest.raises(RateLimited) as banned:
        await bench.gateway.balances()
    assert banned.value.banned
    sent = len(bench.transport.requests)
    for attempt in (
        bench.gateway.place_order(market("20")),
        bench.gateway.cancel_all(SYMBOL),
        bench.gateway.server_time(),
    ):
        with pytest.raises(RateLimited):
            await attempt
    assert len(bench.transport.requests) == sent
    bench.simulation.clock.advance(120)
    assert (await bench.gateway.place_order(market("20"))).filled_qty == 20
    assert [c.state for c in bench.changes] == [RateLimitState.BANNED, RateLimitState.NORMAL]
