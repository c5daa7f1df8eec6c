"""The simulator served for real: Hypercorn on a free port, spoken to over HTTP with httpx and signed requests."""

from __future__ import annotations

import socket
from urllib.parse import urlencode

import anyio
import httpx
import pytest

from adapters.simulator.wire.signing import sign
from domain.times import epoch_ms
from entrypoints.sim import serve_sim
from tests.simulator.server.support import KEY, SECRET, manual_simulation

pytestmark = pytest.mark.anyio


def free_port() -> int:
    # Hypercorn does not report the port it bound for :0, so take one from the OS first
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_until_serving(client: httpx.AsyncClient) -> None:
    for _ in range(200):
        try:
            await client.get("/fapi/v1/ping")
            return
        except httpx.TransportError:
            await anyio.sleep(0.02)
    raise AssertionError("the simulator did not start serving")


async def test_a_signed_market_order_over_http_fills_and_shows_in_user_trades() -> None:
    simulation = manual_simulation()
    port, stop = free_port(), anyio.Event()
    async with anyio.create_task_group() as group:
        group.start_soon(serve_sim, simulation, {KEY: SECRET}, "127.0.0.1", port, stop)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", headers={"X-MBX-APIKEY": KEY}) as client:
            await wait_until_serving(client)
            body = urlencode(
                {
                    "symbol": "XRPUSDT",
                    "side": "BUY",
                    "type": "MARKET",
                    "quantity": "20",
                    "newOrderRespType": "RESULT",
                    "timestamp": epoch_ms(simulation.clock.now()),
                }
            )
            placed = await client.post(
                "/fapi/v1/order",
                content=f"{body}&signature={sign('', body, SECRET)}",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            query = urlencode({"symbol": "XRPUSDT", "timestamp": epoch_ms(simulation.clock.now())})
            trades = await client.get(f"/fapi/v1/userTrades?{query}&signature={sign(query, '', SECRET)}")
        stop.set()
    assert placed.status_code == 200, placed.text
    assert placed.json()["status"] == "FILLED"
    assert placed.headers["X-MBX-ORDER-COUNT-1M"] == "1"
    assert {row["orderId"] for row in trades.json()} == {placed.json()["orderId"]}
