"""The live benches' simulator: Hypercorn on a free port at speed 1 on the wall clock, on its own event loop in its
own thread, so its work is not queued behind the bot's synchronous commits (Binance is not in the bot's process)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
from anyio.from_thread import BlockingPortal, start_blocking_portal

from adapters.simulator.faults.setting import FaultSetting
from adapters.simulator.server.control.routes import fault_boards
from adapters.simulator.simulation import Simulation
from entrypoints.demo import DemoOptions, demo_sim_app, demo_simulation, wait_until_serving
from entrypoints.sim import serve_app, sim_url

T = TypeVar("T")
# Long enough for the bot's sockets to finish closing, so Hypercorn need not cancel their handlers
CLOSING_S = 0.2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LiveSim:
    """Touch the simulation only through call() (waits) or soon() (does not): it lives on the simulator's thread."""

    simulation: Simulation
    app: Any
    options: DemoOptions
    portal: BlockingPortal | None = None

    def call(self, func: Callable[..., T], *args: Any) -> T:
        return self._portal().call(func, *args)

    def soon(self, func: Callable[..., T], *args: Any) -> Future[T]:
        portal = self._portal()

        async def run() -> T:
            return func(*args)

        return portal.start_task_soon(run)

    def _portal(self) -> BlockingPortal:
        if self.portal is None:
            raise RuntimeError("the simulator is not serving yet")
        return self.portal

    def arm(self, fault: str, setting: FaultSetting) -> None:
        self.call(fault_boards(self.app.config["SIM_FACE"]).arm, fault, setting)

    @property
    def url(self) -> str:
        return sim_url(self.options.sim_host, self.options.sim_port)


@asynccontextmanager
async def live_sim(prepare: Callable[[LiveSim], None] = lambda sim: None) -> AsyncIterator[LiveSim]:
    """The simulator serving until the block ends; `prepare` sees it before it serves (hooks must go in then)."""
    options = DemoOptions(sim_port=free_port(), speed=1.0)
    simulation = demo_simulation(options)
    sim = LiveSim(simulation, demo_sim_app(simulation), options)
    prepare(sim)
    with start_blocking_portal() as portal:
        sim.portal = portal
        stop = portal.call(anyio.Event)
        portal.call(quiet_cancelled_connections)
        served = portal.start_task_soon(serve_app, sim.app, options.sim_host, options.sim_port, stop)
        try:
            await wait_until_serving(sim.url)
            yield sim
            await anyio.sleep(CLOSING_S)
        finally:
            portal.call(stop.set)
            await anyio.to_thread.run_sync(served.result)


def quiet_cancelled_connections() -> None:
    """Hypercorn cancels the connections still open when it stops, and asyncio logs a traceback for each one.

    The bot leaves its user-data socket to the garbage collector when its reader is cancelled, so at least that one
    is still open; anything other than a cancellation still reaches the default handler.
    """
    loop = asyncio.get_running_loop()

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if not isinstance(context.get("exception"), asyncio.CancelledError):
            loop.default_exception_handler(context)

    loop.set_exception_handler(handle)
