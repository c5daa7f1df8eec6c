"""The WebSocket routes of the wire face: user data on /private/ws and legacy /ws/<listenKey>; market streams on
/market, /public and the legacy /ws, /stream paths.

A handshake the simulator cannot serve (unknown or dead listenKey, bad stream name) is refused with HTTP 400 and a
Binance error body, before the socket opens; see ADR 0015.
"""

from __future__ import annotations

from quart import Quart, Response, websocket

from adapters.simulator.errors import INVALID_LISTEN_KEY
from adapters.simulator.server.ws.face import StreamFace
from adapters.simulator.server.ws.hub import StreamHub
from adapters.simulator.server.ws.market_connection import MarketConnection
from adapters.simulator.server.ws.market_streams import LEGACY, MARKET, PUBLIC, StreamNameError
from adapters.simulator.server.ws.outbox import Outbox
from adapters.simulator.server.ws.session import refusal, serve_market, serve_user

HUB_EXTENSION = "sim_stream_hub"
# Path prefix → the streams served there (the 2026 split, plus the legacy un-split layout)
MARKET_PREFIXES = {"/market": MARKET, "/public": PUBLIC, "": LEGACY}


def register_stream_routes(app: Quart, face: StreamFace) -> StreamHub:
    """Add the WebSocket routes over `face` to `app`; the hub is also kept in app.extensions["sim_stream_hub"]."""
    hub = StreamHub(face)
    app.extensions[HUB_EXTENSION] = hub
    _user_routes(app, face, hub)
    for prefix, served in MARKET_PREFIXES.items():
        _market_routes(app, face, hub, prefix, served)
    return hub


def _user_routes(app: Quart, face: StreamFace, hub: StreamHub) -> None:
    async def by_query() -> Response | None:
        return await _user(face, hub, websocket.args.get("listenKey", ""))

    async def by_path(key: str) -> Response | None:
        return await _user(face, hub, key)

    app.add_websocket("/private/ws", "sim_ws_private_query", by_query)
    app.add_websocket("/private/ws/<key>", "sim_ws_private_path", by_path)


def _market_routes(app: Quart, face: StreamFace, hub: StreamHub, prefix: str, served: frozenset[str]) -> None:
    async def raw(name: str = "") -> Response | None:
        # The legacy /ws/<x> is both a stream and a listenKey path: stream names have an "@"
        if not prefix and name and "@" not in name:
            return await _user(face, hub, name)
        return await _market(face, hub, served, False, [name] if name else [])

    async def combined() -> Response | None:
        streams = websocket.args.get("streams", "")
        return await _market(face, hub, served, True, [name for name in streams.split("/") if name])

    label = prefix.strip("/") or "legacy"
    app.add_websocket(f"{prefix}/ws", f"sim_ws_{label}_raw_bare", raw)
    app.add_websocket(f"{prefix}/ws/<name>", f"sim_ws_{label}_raw", raw)
    app.add_websocket(f"{prefix}/stream", f"sim_ws_{label}_combined", combined)


async def _user(face: StreamFace, hub: StreamHub, key: str) -> Response | None:
    if not key or not face.listen_keys.is_alive(key):
        return refusal(INVALID_LISTEN_KEY.to_dict())
    await serve_user(hub, key, Outbox())
    return None


async def _market(
    face: StreamFace, hub: StreamHub, served: frozenset[str], combined: bool, names: list[str]
) -> Response | None:
    outbox = Outbox()
    # Only the legacy un-split paths take a listenKey as a stream
    key_alive = face.listen_keys.is_alive if served is LEGACY else None
    connection = MarketConnection(face.simulation.symbol, served, combined, outbox, key_alive)
    try:
        connection.subscribe(names)
    except StreamNameError as exc:
        return refusal({"code": 2, "msg": f"Invalid request: {exc}"})
    await serve_market(hub, connection, outbox)
    return None
