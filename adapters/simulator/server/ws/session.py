"""The life of one accepted socket: pump the outbox to the client, hand client messages in, unregister at the end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
from quart import Response, websocket

from adapters.simulator.server.ws.connection import StreamConnection
from adapters.simulator.server.ws.hub import StreamHub
from adapters.simulator.server.ws.outbox import Close, Outbox
from adapters.simulator.wire.encoding import encode_json

HANDSHAKE_REFUSED = 400


def refusal(body: dict[str, Any]) -> Response:
    """The HTTP answer to a handshake the simulator will not upgrade."""
    return Response(encode_json(body), status=HANDSHAKE_REFUSED, content_type="application/json")


async def serve(hub: StreamHub, connection: StreamConnection, outbox: Outbox) -> None:
    await websocket.accept()
    hub.open(connection, outbox)
    try:
        await _run(outbox, connection.on_message)
    finally:
        hub.close(connection)


async def _run(outbox: Outbox, on_message: Callable[[str], None]) -> None:
    async with anyio.create_task_group() as group:
        group.start_soon(_receive, on_message)
        await _send(outbox)
        group.cancel_scope.cancel()


async def _send(outbox: Outbox) -> None:
    async for frame in outbox.frames():
        if isinstance(frame, Close):
            await websocket.close(frame.code, frame.reason)
            return
        await websocket.send(frame)


async def _receive(on_message: Callable[[str], None]) -> None:
    while True:
        message = await websocket.receive()
        on_message(message if isinstance(message, str) else message.decode("utf-8", errors="replace"))
