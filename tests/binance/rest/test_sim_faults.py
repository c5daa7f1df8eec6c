"""The gateway under the simulator's own REST faults: unknown outcomes, skew, lag, storms, a lost ack.

Each test checks the simulator's oracle: never a second order for one client id, never a lost fill.
"""

from __future__ import annotations

import pytest

from adapters.simulator.faults.setting import FaultSetting
from adapters.simulator.server.app import create_sim_app
from adapters.simulator.simulation import Simulation
from domain.values import OrderStatus
from ports.errors import OutcomeUnknown, RateLimited
from tests.binance.rest.live import gateway_for, served
from tests.binance.rest.support import SYMBOL, SimBench, limit, market, sim_bench
from tests.simulator.server.support import KEY, SECRET, manual_simulation

pytestmark = pytest.mark.anyio


def orders_of(simulation: Simulation, client_id: str) -> list[object]:
    return [order for order in simulation.engine.all_orders(SYMBOL) if order.client_order_id == client_id]


async def armed(name: str, setting: FaultSetting) -> SimBench:
    bench = sim_bench()
    await bench.gateway.server_time()
    bench.face.rest_faults.arm(name, setting)
    return bench


@pytest.mark.parametrize("fault", ["unknown_503", "timeout_1007"])
async def test_an_executed_order_behind_an_unknown_outcome_is_found_not_resent(fault: str) -> None:
    bench = await armed(fault, FaultSetting(placed=True))
    request = market("20")
    with pytest.raises(OutcomeUnknown):
        await bench.gateway.place_order(request)
    found = await bench.gateway.query_order(SYMBOL, request.client_order_id, conditional=False)
    assert found is not None and found.status is OrderStatus.FILLED
    assert len(orders_of(bench.simulation, request.client_order_id)) == 1
    assert len(bench.simulation.engine.user_trades(SYMBOL)) == 1
    assert bench.transport.paths("POST") == ["/fapi/v1/order"]


async def test_an_order_not_executed_behind_a_503_is_proven_absent_and_may_then_be_sent_again() -> None:
    bench = await armed("unknown_503", FaultSetting(placed=False))
    request = market("20")
    with pytest.raises(OutcomeUnknown):
        await bench.gateway.place_order(request)
    assert await bench.gateway.query_order(SYMBOL, request.client_order_id, conditional=False) is None
    resent = await bench.gateway.place_order(request)
    assert resent.status is OrderStatus.FILLED
    assert len(orders_of(bench.simulation, request.client_order_id)) == 1


@pytest.mark.parametrize("fault", ["clock_ahead", "clock_behind"])
async def test_a_skewed_server_clock_costs_one_resync_and_one_resend(fault: str) -> None:
    bench = await armed(fault, FaultSetting(count=1, seconds=10))
    placed = await bench.gateway.place_order(market("20"))
    assert placed.status is OrderStatus.FILLED
    assert bench.transport.paths() == ["/fapi/v1/time", "/fapi/v1/order", "/fapi/v1/time", "/fapi/v1/order"]
    assert len(bench.simulation.engine.user_trades(SYMBOL)) == 1


async def test_visibility_lag_after_a_placement_is_ridden_out() -> None:
    bench = await armed("visibility_lag", FaultSetting(count=None, seconds=2))
    placed = await bench.gateway.place_order(limit("20", "0.5000"))
    found = await bench.gateway.query_order(SYMBOL, placed.client_order_id, conditional=False)
    assert found == placed
    assert len(bench.sleeps.waits) >= 4


async def test_a_429_storm_refuses_polling_and_lets_an_order_through_after_retry_after() -> None:
    bench = await armed("storm_429", FaultSetting(count=1))
    with pytest.raises(RateLimited):
        await bench.gateway.open_orders(SYMBOL)
    bench.face.rest_faults.arm("storm_429", FaultSetting(count=1))
    placed = await bench.gateway.place_order(market("20"))
    assert placed.status is OrderStatus.FILLED
    assert len(bench.simulation.engine.user_trades(SYMBOL)) == 1


async def test_a_lost_ack_over_http_is_an_unknown_outcome_and_the_lookup_adopts_the_fill() -> None:
    simulation = manual_simulation()
    app = create_sim_app(simulation, {KEY: SECRET})
    async with served(simulation, app) as url, gateway_for(url, simulation) as gateway:
        await gateway.server_time()
        app.config["SIM_FACE"].rest_faults.arm("ack_lost", FaultSetting(seconds=0))
        request = market("20")
        with pytest.raises(OutcomeUnknown):
            await gateway.place_order(request)
        found = await gateway.query_order(SYMBOL, request.client_order_id, conditional=False)
    assert found is not None and found.status is OrderStatus.FILLED
    assert len(orders_of(simulation, request.client_order_id)) == 1
