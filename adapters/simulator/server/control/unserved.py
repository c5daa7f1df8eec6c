"""The requests the simulator answered with its unknown-path 404, counted per method and path (GET /_sim/unserved).

A client driven at the simulator shows here every call the simulator does not serve yet, instead of a failure deep
inside the client.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quart import Quart, Response

# Bounds: a client probing many paths cannot grow the record without limit
MAX_PATHS = 256
MAX_PATH_CHARS = 256
# Where requests to further paths are counted once MAX_PATHS distinct ones are listed
OTHER = ("*", "*")
# How a WebSocket handshake is listed: its HTTP method is GET, but it is not a REST call
WEBSOCKET = "WS"


class Unserved:
    """Method + path → how many requests got the unknown-path 404, in the order first seen."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, str], int] = {}

    def record(self, method: str, path: str) -> None:
        key = (method, path[:MAX_PATH_CHARS])
        if key not in self._counts and len(self._counts) >= MAX_PATHS:
            key = OTHER
        self._counts[key] = self._counts.get(key, 0) + 1

    def body(self) -> list[dict[str, Any]]:
        return [{"method": method, "path": path, "count": count} for (method, path), count in self._counts.items()]


def refuse_unknown_sockets(app: Quart, record: Callable[[], Unserved], body: bytes) -> None:
    """A WebSocket handshake on a path no stream route serves is refused with the REST 404 `body` and recorded
    (`record` is looked up per request: a reset brings a fresh record)."""

    async def unknown(path: str) -> Response:
        record().record(WEBSOCKET, f"/{path}")
        return Response(body, status=404, content_type="application/json")

    # The most general rule: every stream route is more specific and wins
    app.add_websocket("/<path:path>", "sim_ws_unserved", unknown)
