"""Server time: the offset is measured at start and periodically; a -1021 re-syncs and resends exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.binance.rest import RestOptions, ServerClock
from adapters.memory.clock import ManualClock
from ports.clock import Clock
from ports.errors import ExchangeRejected
from tests.binance.rest.support import SYMBOL, binance_error, market, scripted_gateway, sim_bench
from tests.simulator.server.support import manual_simulation

pytestmark = pytest.mark.anyio

T0 = datetime(2026, 1, 1, tzinfo=UTC)


class ShiftedClock(Clock):
    """Another machine's clock: `base` plus a shift that can jump, as an NTP step would make it."""

    def __init__(self, base: Clock, shift: timedelta = timedelta(0)) -> None:
        self.base, self.shift = base, shift

    def now(self) -> datetime:
        return self.base.now() + self.shift


def test_the_offset_is_the_server_time_at_the_middle_of_the_round_trip() -> None:
    clock = ServerClock(ManualClock(T0), timedelta(minutes=10))
    clock.record(T0 + timedelta(seconds=10), sent_at=T0, received_at=T0 + timedelta(seconds=2))
    assert clock.offset == timedelta(seconds=9)
    assert clock.now() == T0 + timedelta(seconds=9)


def test_a_sync_is_due_before_the_first_and_after_the_resync_interval() -> None:
    local = ManualClock(T0)
    clock = ServerClock(local, timedelta(minutes=10))
    assert clock.due
    clock.record(T0, T0, T0)
    assert not clock.due
    local.advance(600)
    assert clock.due


def test_a_smaller_offset_moves_timestamps_back_at_once_but_never_the_clock_reading() -> None:
    clock = ServerClock(ManualClock(T0), timedelta(minutes=10))
    clock.record(T0 + timedelta(seconds=5), T0, T0)
    assert clock.now() == T0 + timedelta(seconds=5)
    clock.record(T0, T0, T0)
    assert clock.timestamp_ms() == 1767225600000
    assert clock.now() == T0 + timedelta(seconds=5)


async def test_a_local_clock_far_off_the_servers_still_signs_acceptable_requests() -> None:
    simulation = manual_simulation()
    bench = sim_bench(simulation, clock=ShiftedClock(simulation.clock, timedelta(hours=-3)))
    assert (await bench.gateway.position(SYMBOL)).quantity == 0
    assert bench.gateway.server_clock.offset == timedelta(hours=3)


async def test_a_1021_resyncs_the_offset_and_resends_the_request_once() -> None:
    simulation = manual_simulation()
    local = ShiftedClock(simulation.clock)
    bench = sim_bench(simulation, clock=local)
    await bench.gateway.server_time()
    local.shift = timedelta(seconds=30)  # the local clock jumps ahead; the measured offset is now wrong
    placed = await bench.gateway.place_order(market("20"))
    assert placed.filled_qty == 20
    assert bench.transport.paths() == ["/fapi/v1/time", "/fapi/v1/order", "/fapi/v1/time", "/fapi/v1/order"]
    assert len(bench.simulation.engine.user_trades(SYMBOL)) == 1


async def test_a_second_1021_after_the_resync_is_a_rejection() -> None:
    skew = binance_error(400, -1021, "Timestamp for this request is outside of the recvWindow.")
    gateway, script, _, _ = scripted_gateway(skew, skew)
    with pytest.raises(ExchangeRejected) as rejected:
        await gateway.balances()
    assert rejected.value.code == -1021
    assert len(script.requests) == 2


async def test_the_offset_is_measured_again_after_the_resync_interval() -> None:
    bench = sim_bench(options=RestOptions(resync_every=timedelta(minutes=5)))
    await bench.gateway.balances()
    bench.simulation.clock.advance(301)
    await bench.gateway.balances()
    assert bench.transport.paths() == ["/fapi/v1/time", "/fapi/v3/balance", "/fapi/v1/time", "/fapi/v3/balance"]


async def test_server_time_reports_the_exchanges_clock() -> None:
    bench = sim_bench()
    assert await bench.gateway.server_time() == bench.simulation.clock.now()
