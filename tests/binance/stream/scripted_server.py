"""A scripted stand-in for Binance's WebSocket host: each accepted connection plays the next script, then stalls."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from websockets.asyncio.server import ServerConnection, serve
from websockets.http11 import Request, Response

from tests.harness.binance_fixtures import load_fixture

CLOSE = "<close the connection>"
REFUSE = "<refuse the handshake>"


def frame(fixture: str) -> str:
    return json.dumps(load_fixture(fixture))


@dataclass
class ScriptedServer:
    """Scripts are lists of frames to send (str: text, bytes: binary) or CLOSE; [REFUSE] answers the handshake 400.

    After its script a connection stays open and silent, like a stalled stream; with no script left, the same.
    """

    scripts: list[list[str | bytes]]
    paths: list[str] = field(default_factory=list)
    url: str = ""

    def _next_script(self) -> list[str | bytes]:
        return self.scripts.pop(0) if self.scripts else []

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        self.paths.append(request.path)
        if self.scripts and self.scripts[0] == [REFUSE]:
            self.scripts.pop(0)
            return connection.respond(HTTPStatus.BAD_REQUEST, "invalid listenKey\n")
        return None

    async def _handle(self, connection: ServerConnection) -> None:
        for step in self._next_script():
            if step == CLOSE:
                await connection.close()
                return
            await connection.send(step)
        await connection.wait_closed()


@asynccontextmanager
async def scripted_server(scripts: Sequence[Sequence[str | bytes]]) -> AsyncIterator[ScriptedServer]:
    server = ScriptedServer([list(script) for script in scripts])
    async with serve(server._handle, "127.0.0.1", 0, process_request=server._process_request) as running:
        host, port = _address(running)
        server.url = f"ws://{host}:{port}"
        yield server


def _address(running: Any) -> tuple[str, int]:
    socket = next(iter(running.sockets))
    host, port = socket.getsockname()[:2]
    return host, port
