"""Helpers of the REST gateway tests: the simulator's wire app behind httpx, a fake sleep, scripted transports."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import httpx

from adapters.binance.rest import BinanceGateway, RestOptions
from adapters.memory.clock import ManualClock
from adapters.simulator.server.app import WireFace, create_sim_app
from adapters.simulator.simulation import Simulation
from domain.client_order_ids import client_order_id_for
from domain.events import RateLimitChanged
from domain.order_request import OrderRequest
from domain.times import epoch_ms
from domain.values import OrderType, Side, TimeInForce
from ports.clock import Clock
from tests.simulator.server.support import FIXTURES, KEY, SECRET, manual_simulation

SYMBOL = "XRPUSDT"
BASE_URL = "http://sim.test"


class Advancing(Protocol):
    def advance(self, delta: float) -> Any: ...


class Sleeps:
    """A fake sleep: moves the given clock instead of waiting, and remembers every wait."""

    def __init__(self, clock: Advancing) -> None:
        self.clock = clock
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if seconds > 0:
            self.clock.advance(seconds)


class Recording(httpx.AsyncBaseTransport):
    """Passes requests on and keeps them; the first `lag` order lookups get -2013 as under visibility lag."""

    def __init__(self, inner: httpx.AsyncBaseTransport, lag: int = 0) -> None:
        self.inner = inner
        self.lag = lag
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.lag and request.method == "GET" and request.url.path in ("/fapi/v1/order", "/fapi/v1/algoOrder"):
            self.lag -= 1
            return httpx.Response(400, json={"code": -2013, "msg": "Order does not exist."})
        return await self.inner.handle_async_request(request)

    def paths(self, method: str | None = None) -> list[str]:
        return [r.url.path for r in self.requests if method is None or r.method == method]


@dataclass
class SimBench:
    """A gateway talking to the simulator's wire app in-process; sleeping moves the simulated clock."""

    simulation: Simulation
    face: WireFace
    transport: Recording
    gateway: BinanceGateway
    sleeps: Sleeps
    changes: list[RateLimitChanged] = field(default_factory=list)


def sim_bench(
    simulation: Simulation | None = None,
    *,
    clock: Clock | None = None,
    lag: int = 0,
    options: RestOptions | None = None,
) -> SimBench:
    simulation = simulation or manual_simulation()
    app = create_sim_app(simulation, {KEY: SECRET})
    transport = Recording(httpx.ASGITransport(app=app), lag)
    sleeps = Sleeps(simulation.clock)
    changes: list[RateLimitChanged] = []
    gateway = BinanceGateway(
        base_url=BASE_URL,
        api_key=KEY,
        api_secret=SECRET,
        clock=clock or simulation.clock,
        options=options,
        transport=transport,
        on_rate_limit=changes.append,
        sleep=sleeps,
    )
    return SimBench(simulation, app.config["SIM_FACE"], transport, gateway, sleeps, changes)


Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


@dataclass
class Scripted:
    """An httpx.MockTransport answering /fapi/v1/time from `clock` and everything else from `answers` in turn."""

    clock: ManualClock
    answers: list[Answer]
    requests: list[httpx.Request] = field(default_factory=list)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/fapi/v1/time":
            return httpx.Response(200, json={"serverTime": epoch_ms(self.clock.now())})
        self.requests.append(request)
        if not self.answers:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer(request) if callable(answer) else answer


def scripted_gateway(
    *answers: Answer, options: RestOptions | None = None
) -> tuple[BinanceGateway, Scripted, Sleeps, list[RateLimitChanged]]:
    clock = ManualClock()
    script, sleeps, changes = Scripted(clock, list(answers)), Sleeps(clock), []
    gateway = BinanceGateway(
        base_url=BASE_URL,
        api_key=KEY,
        api_secret=SECRET,
        clock=clock,
        options=options,
        transport=script.transport(),
        on_rate_limit=changes.append,
        sleep=sleeps,
    )
    return gateway, script, sleeps, changes


def binance_error(status: int, code: int, msg: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json={"code": code, "msg": msg}, headers=headers)


def form(request: httpx.Request) -> dict[str, str]:
    """The parameters of a request, from its query string and its form body."""
    text = "&".join(part for part in (request.url.query.decode(), request.content.decode()) if part)
    return dict(pair.split("=", 1) for pair in text.split("&"))


def market(qty: str, command: str = "c1", side: Side = Side.BUY) -> OrderRequest:
    return OrderRequest(SYMBOL, client_order_id_for(command), side, OrderType.MARKET, Decimal(qty))


def limit(qty: str, price: str, command: str = "l1", side: Side = Side.BUY) -> OrderRequest:
    return OrderRequest(
        SYMBOL,
        client_order_id_for(command),
        side,
        OrderType.LIMIT,
        Decimal(qty),
        price=Decimal(price),
        time_in_force=TimeInForce.GTC,
    )


def stop(trigger: str, command: str = "s1", side: Side = Side.SELL) -> OrderRequest:
    return OrderRequest(
        SYMBOL,
        client_order_id_for(command, "stop"),
        side,
        OrderType.STOP_MARKET,
        Decimal(0),
        trigger_price=Decimal(trigger),
        close_position=True,
    )


def fixture_json(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())
