"""Helpers of the stream tests: a listenKey, sockets on the Quart test client, frames read with a hang guard."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio

from adapters.simulator.server.ws.hub import StreamHub
from adapters.simulator.server.ws.routes import HUB_EXTENSION
from tests.simulator.server.support import SimClient

# Guards a test against hanging on a frame that never comes; no test asserts on time
HANG_GUARD_SECONDS = 10


async def listen_key(sim: SimClient) -> str:
    response = await sim.keyed("POST", "/fapi/v1/listenKey")
    return str((await response.get_json())["listenKey"])


def hub(sim: SimClient) -> StreamHub:
    return sim.app.extensions[HUB_EXTENSION]  # type: ignore[no-any-return]


@asynccontextmanager
async def opened(sim: SimClient, path: str) -> AsyncIterator[Any]:
    """A socket on `path`, entered once the server registered it (the test client opens it in the background)."""
    before = hub(sim).open_sockets
    async with sim.client.websocket(path) as socket:
        with anyio.fail_after(HANG_GUARD_SECONDS):
            while hub(sim).open_sockets == before:
                await anyio.sleep(0.005)
        yield socket


async def next_frame(socket: Any) -> Any:
    with anyio.fail_after(HANG_GUARD_SECONDS):
        return json.loads(await socket.receive())


async def frames(socket: Any, count: int) -> list[Any]:
    return [await next_frame(socket) for _ in range(count)]


async def market_order(sim: SimClient, side: str = "BUY", quantity: str = "20") -> dict[str, Any]:
    response = await sim.signed("POST", "/fapi/v1/order", symbol="XRPUSDT", side=side, type="MARKET", quantity=quantity)
    body = await response.get_json()
    assert response.status_code == 200, body
    return dict(body)


def kinds(received: list[Any]) -> list[str]:
    """Each frame's event type, plus the execution type of ORDER_TRADE_UPDATE: ["ORDER_TRADE_UPDATE NEW", …]."""
    return [
        f"{frame['e']} {frame['o']['x']}" if frame["e"] == "ORDER_TRADE_UPDATE" else frame["e"] for frame in received
    ]


FILL = ["TRADE_LITE", "ACCOUNT_UPDATE", "ORDER_TRADE_UPDATE TRADE"]
MARKET_ORDER = ["ORDER_TRADE_UPDATE NEW", *FILL]
