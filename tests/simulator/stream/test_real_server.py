"""The streams served for real: Hypercorn on a free port, spoken to with the `websockets` client and httpx."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import anyio
import httpx
import pytest
from quart import Quart
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from adapters.simulator.faults.setting import FaultSetting
from adapters.simulator.faults.stream import StreamFaults
from adapters.simulator.server.app import create_sim_app
from adapters.simulator.simulation import Simulation
from adapters.simulator.wire.signing import sign
from domain.times import epoch_ms
from entrypoints.sim import serve_app
from tests.simulator.server.support import KEY, SECRET, manual_simulation
from tests.simulator.server.test_real_server import free_port, wait_until_serving
from tests.simulator.stream.support import HANG_GUARD_SECONDS, MARKET_ORDER, kinds

pytestmark = pytest.mark.anyio


class Server:
    def __init__(self, app: Quart, simulation: Simulation, port: int, client: httpx.AsyncClient) -> None:
        self.faults: StreamFaults = app.config["SIM_FACE"].stream_faults
        self.simulation = simulation
        self.ws_url = f"ws://127.0.0.1:{port}"
        self.client = client

    async def listen_key(self) -> str:
        return str((await self.client.post("/fapi/v1/listenKey")).json()["listenKey"])

    async def market_order(self) -> dict[str, Any]:
        body = urlencode(
            {
                "symbol": "XRPUSDT",
                "side": "BUY",
                "type": "MARKET",
                "quantity": "20",
                "timestamp": epoch_ms(self.simulation.clock.now()),
            }
        )
        placed = await self.client.post(
            "/fapi/v1/order",
            content=f"{body}&signature={sign('', body, SECRET)}",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert placed.status_code == 200, placed.text
        return dict(placed.json())


@asynccontextmanager
async def serving() -> AsyncIterator[Server]:
    """The simulator app served as `alphaengine sim` serves it, kept at hand so a test can arm its faults."""
    simulation, port, stop = manual_simulation(), free_port(), anyio.Event()
    app = create_sim_app(simulation, {KEY: SECRET})
    async with anyio.create_task_group() as group:
        group.start_soon(serve_app, app, "127.0.0.1", port, stop)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", headers={"X-MBX-APIKEY": KEY}) as client:
            await wait_until_serving(client)
            yield Server(app, simulation, port, client)
        stop.set()


async def receive(socket: ClientConnection, count: int) -> list[Any]:
    with anyio.fail_after(HANG_GUARD_SECONDS):
        return [json.loads(await socket.recv()) for _ in range(count)]


async def test_a_client_receives_the_frames_of_its_own_market_order() -> None:
    async with serving() as server:
        async with connect(f"{server.ws_url}/private/ws?listenKey={await server.listen_key()}") as socket:
            placed = await server.market_order()
            received = await receive(socket, 4)

    assert kinds(received) == MARKET_ORDER
    assert received[3]["o"]["i"] == placed["orderId"] and received[3]["o"]["X"] == "FILLED"


async def test_a_combined_market_stream_arrives_wrapped() -> None:
    async with serving() as server, connect(f"{server.ws_url}/market/stream?streams=xrpusdt@aggTrade") as socket:
        server.simulation.clock.advance(timedelta(seconds=1))
        [frame] = await receive(socket, 1)

    assert frame["stream"] == "xrpusdt@aggTrade" and frame["data"]["e"] == "aggTrade"


async def test_an_unknown_listen_key_fails_the_handshake_with_400() -> None:
    async with serving() as server:
        with pytest.raises(InvalidStatus) as refused:
            async with connect(f"{server.ws_url}/ws/notakey"):
                pass

    assert refused.value.response.status_code == 400
    assert json.loads(refused.value.response.body) == {"code": -1125, "msg": "This listenKey does not exist."}


async def test_a_client_ping_is_answered_with_a_pong() -> None:
    async with serving() as server:
        async with connect(f"{server.ws_url}/private/ws?listenKey={await server.listen_key()}") as socket:
            with anyio.fail_after(HANG_GUARD_SECONDS):
                latency = await (await socket.ping())

    assert latency >= 0


async def test_the_close_fault_closes_a_real_socket_with_going_away() -> None:
    async with serving() as server:
        async with connect(f"{server.ws_url}/private/ws?listenKey={await server.listen_key()}") as socket:
            server.faults.arm("ws_close", FaultSetting())
            with pytest.raises(ConnectionClosed) as closed:
                await receive(socket, 1)

    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001


async def test_a_bare_private_stream_takes_a_listen_key_subscribe_and_wraps_its_events() -> None:
    async with serving() as server, connect(f"{server.ws_url}/private/stream") as socket:
        key = await server.listen_key()
        await socket.send(json.dumps({"method": "SUBSCRIBE", "params": [key], "id": 1}))
        [answer] = await receive(socket, 1)
        placed = await server.market_order()
        received = await receive(socket, 4)

    assert answer == {"result": None, "id": 1}
    assert {frame["stream"] for frame in received} == {key}
    assert kinds([frame["data"] for frame in received]) == MARKET_ORDER
    assert received[3]["data"]["o"]["i"] == placed["orderId"]


async def test_a_market_socket_named_by_a_client_id_subscribes_later() -> None:
    names = ["xrpusdt@ticker", "xrpusdt_perpetual@continuousKline_1m"]
    async with serving() as server, connect(f"{server.ws_url}/market/ws/1") as socket:
        await socket.send(json.dumps({"method": "SUBSCRIBE", "params": names, "id": 7}))
        [answer] = await receive(socket, 1)
        await socket.send(json.dumps({"method": "LIST_SUBSCRIPTIONS", "id": 8}))
        [listed] = await receive(socket, 1)
        server.simulation.clock.advance(timedelta(seconds=2))
        received = await receive(socket, 9)

    assert (answer, listed) == ({"result": None, "id": 7}, {"result": names, "id": 8})
    assert {frame["e"] for frame in received} == {"24hrTicker", "continuous_kline"}


async def test_a_bad_request_gets_binances_error_envelope() -> None:
    async with serving() as server, connect(f"{server.ws_url}/market/stream") as socket:
        await socket.send(json.dumps({"method": "SUBSCRIBE", "params": ["btcusdt@aggTrade"], "id": 3}))
        [answer] = await receive(socket, 1)

    assert set(answer) == {"error", "id"} and answer["id"] == 3 and answer["error"]["code"] == 2


async def test_the_public_path_serves_the_partial_and_the_diff_book() -> None:
    streams = "xrpusdt@depth5@100ms/xrpusdt@depth@100ms"
    async with serving() as server, connect(f"{server.ws_url}/public/stream?streams={streams}") as socket:
        server.simulation.clock.advance(timedelta(milliseconds=250))
        received = {frame["stream"]: frame["data"] for frame in await receive(socket, 2)}

    partial, diff = received["xrpusdt@depth5@100ms"], received["xrpusdt@depth@100ms"]
    assert partial["e"] == diff["e"] == "depthUpdate" and partial["u"] == diff["u"]
    assert len(partial["b"]) == 5 and partial["b"] == diff["b"][:5]
