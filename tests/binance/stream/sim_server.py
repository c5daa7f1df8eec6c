"""The simulator's wire face served by Hypercorn on a free port, for end-to-end tests of the stream clients."""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import anyio
import httpx
from hypercorn.asyncio import serve
from hypercorn.config import Config
from quart import Quart

from adapters.simulator.server.app import WireFace, create_sim_app
from adapters.simulator.server.ws.routes import HUB_EXTENSION
from adapters.simulator.simulation import Simulation
from adapters.simulator.wire.signing import sign
from domain.times import epoch_ms
from tests.simulator.server.support import KEY, SECRET, manual_simulation

GUARD_SECONDS = 10


@dataclass
class RunningSim:
    simulation: Simulation
    app: Quart
    client: httpx.AsyncClient
    ws_url: str

    @property
    def face(self) -> WireFace:
        return self.app.config["SIM_FACE"]  # type: ignore[no-any-return]

    def open_sockets(self) -> int:
        return int(self.app.extensions[HUB_EXTENSION].open_sockets)

    async def sockets_become(self, count: int) -> None:
        # The client sees the upgrade a moment before the server registers the socket for engine events
        with anyio.fail_after(GUARD_SECONDS):
            while self.open_sockets() != count:
                await anyio.sleep(0.005)

    async def market_order(self, side: str = "BUY", quantity: str = "20") -> dict[str, Any]:
        body = urlencode(
            {
                "symbol": self.simulation.options.symbol,
                "side": side,
                "type": "MARKET",
                "quantity": quantity,
                "timestamp": epoch_ms(self.simulation.clock.now()),
            }
        )
        response = await self.client.post(
            "/fapi/v1/order",
            content=f"{body}&signature={sign('', body, SECRET)}",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert response.status_code == 200, response.text
        return dict(response.json())


@asynccontextmanager
async def running_sim() -> AsyncIterator[RunningSim]:
    simulation, port, stop = manual_simulation(), _free_port(), anyio.Event()
    app = create_sim_app(simulation, {KEY: SECRET})
    async with anyio.create_task_group() as group:
        group.start_soon(_serve, app, port, stop)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", headers={"X-MBX-APIKEY": KEY}) as client:
            await _wait_until_serving(client)
            yield RunningSim(simulation, app, client, f"ws://127.0.0.1:{port}")
        stop.set()


async def _serve(app: Quart, port: int, stop: anyio.Event) -> None:
    config = Config()
    config.bind = [f"127.0.0.1:{port}"]
    config.errorlog = logging.getLogger("hypercorn.error")
    config.accesslog = None
    config.graceful_timeout = 1.0
    await serve(app, config, shutdown_trigger=stop.wait)  # type: ignore[arg-type]


def _free_port() -> int:
    # Hypercorn does not report the port it bound for :0, so take one from the OS first
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _wait_until_serving(client: httpx.AsyncClient) -> None:
    with anyio.fail_after(GUARD_SECONDS):
        while True:
            try:
                await client.get("/fapi/v1/ping")
                return
            except httpx.TransportError:
                await anyio.sleep(0.02)
