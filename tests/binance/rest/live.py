"""The simulator served for real by Hypercorn on a free port, and a BinanceGateway pointed at it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import httpx
from hypercorn.asyncio import serve
from hypercorn.config import Config
from quart import Quart

from adapters.binance.rest import BinanceGateway, RestOptions
from adapters.simulator.server.app import create_sim_app
from adapters.simulator.simulation import Simulation
from tests.binance.rest.support import Sleeps
from tests.simulator.server.support import KEY, SECRET
from tests.simulator.server.test_real_server import free_port, wait_until_serving

__all__ = ["free_port", "gateway_for", "served"]


@asynccontextmanager
async def served(simulation: Simulation, app: Quart | None = None) -> AsyncIterator[str]:
    """Serve `app` (default: the simulator's wire app over `simulation`) until the block ends; yield its URL."""
    app = app or create_sim_app(simulation, {KEY: SECRET})
    port, stop = free_port(), anyio.Event()
    config = Config()
    config.bind = [f"127.0.0.1:{port}"]
    config.errorlog = logging.getLogger("hypercorn.error")
    config.accesslog = None
    config.graceful_timeout = 1.0
    url = f"http://127.0.0.1:{port}"
    async with anyio.create_task_group() as group:
        group.start_soon(lambda: serve(app, config, shutdown_trigger=stop.wait))
        async with httpx.AsyncClient(base_url=url) as probe:
            await wait_until_serving(probe)
        yield url
        stop.set()


def gateway_for(url: str, simulation: Simulation, options: RestOptions | None = None) -> BinanceGateway:
    return BinanceGateway(
        base_url=url,
        api_key=KEY,
        api_secret=SECRET,
        clock=simulation.clock,
        options=options,
        sleep=Sleeps(simulation.clock),
    )
