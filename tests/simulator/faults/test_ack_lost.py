"""ack_lost over a real Hypercorn server: the order is executed, the client never gets a reply."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlencode

import anyio
import httpx
import pytest

from adapters.simulator.faults.setting import FaultSetting
from adapters.simulator.simulation import Simulation
from adapters.simulator.wire.signing import sign
from domain.times import epoch_ms
from entrypoints.sim import serve_sim
from tests.simulator.server.support import KEY, SECRET, manual_simulation
from tests.simulator.server.test_real_server import free_port, wait_until_serving

pytestmark = pytest.mark.anyio


@asynccontextmanager
async def served(
    simulation: Simulation, faults: tuple[tuple[str, FaultSetting], ...]
) -> AsyncIterator[httpx.AsyncClient]:
    port, stop = free_port(), anyio.Event()
    async with anyio.create_task_group() as group:
        group.start_soon(lambda: serve_sim(simulation, {KEY: SECRET}, "127.0.0.1", port, stop, faults=faults))
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", headers={"X-MBX-APIKEY": KEY}, timeout=httpx.Timeout(5.0, read=0.5)
        ) as client:
            await wait_until_serving(client)
            yield client
        stop.set()


async def place_market(client: httpx.AsyncClient, simulation: Simulation, client_id: str) -> httpx.Response:
    body = urlencode(
        {
            "symbol": "XRPUSDT",
            "side": "BUY",
            "type": "MARKET",
            "quantity": "20",
            "newClientOrderId": client_id,
            "timestamp": epoch_ms(simulation.clock.now()),
        }
    )
    return await client.post(
        "/fapi/v1/order",
        content=f"{body}&signature={sign('', body, SECRET)}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )


async def test_a_lost_ack_held_past_the_client_timeout_reads_as_a_timeout_yet_the_order_is_executed() -> None:
    simulation = manual_simulation()
    async with served(simulation, (("ack_lost", FaultSetting(seconds=30)),)) as client:
        with pytest.raises(httpx.ReadTimeout):
            await place_market(client, simulation, "ae-lost-1")
        follow_up = await place_market(client, simulation, "ae-after-1")
    assert [order.client_order_id for order in simulation.engine.oracle.orders] == ["ae-lost-1", "ae-after-1"]
    assert simulation.engine.oracle.orders[0].status.value == "FILLED"
    assert follow_up.status_code == 200


async def test_a_lost_ack_with_no_hold_drops_the_connection_without_a_body() -> None:
    simulation = manual_simulation()
    async with served(simulation, (("ack_lost", FaultSetting(seconds=0)),)) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await place_market(client, simulation, "ae-lost-2")
    assert [order.client_order_id for order in simulation.engine.oracle.orders] == ["ae-lost-2"]
