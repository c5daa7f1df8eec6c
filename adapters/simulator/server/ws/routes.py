"""The WebSocket routes of the wire face: /market, /public and /private (the 2026 split) and the legacy un-split
/ws, /stream; each in ws mode (`…/ws[/<stream>[/<stream>…]]`, raw payloads) and stream mode (`…/stream?streams=a/b`,
wrapped payloads). Every path opens with or without streams and takes the JSON methods afterwards.

User data: `/private/ws?listenKey=K`, `/private/ws/K`, `/private/stream?listenKey=K[&listenKey=K2]`, the legacy
`/ws/K` and `/stream?streams=K`, or a SUBSCRIBE of K on /private or a legacy path. A handshake naming a listenKey that
is not alive, or a stream the path does not serve, is refused with HTTP 400 and a Binance error body (ADR 0015, 0088).
A name without "@" in the path of /market or /public (a client's own connection id, as ccxt sends) opens a socket
with no stream.
"""

from __future__ import annotations

from datetime import datetime

from quart import Quart, Response, websocket

from adapters.simulator.errors import INVALID_LISTEN_KEY
from adapters.simulator.server.ws.connection import ListenKeyError, StreamConnection
from adapters.simulator.server.ws.face import StreamFace
from adapters.simulator.server.ws.hub import StreamHub
from adapters.simulator.server.ws.market_streams import LEGACY, MARKET, PRIVATE, PUBLIC, StreamNameError
from adapters.simulator.server.ws.methods import MethodError
from adapters.simulator.server.ws.outbox import Outbox
from adapters.simulator.server.ws.session import refusal, serve

HUB_EXTENSION = "sim_stream_hub"
# Path prefix → the market streams served there (the 2026 split, plus the legacy un-split layout)
PREFIXES = {"/market": MARKET, "/public": PUBLIC, "/private": PRIVATE, "": LEGACY}
# The paths that serve user data, where a name without "@" is a listenKey
_USER_PREFIXES = ("/private", "")


def register_stream_routes(app: Quart, face: StreamFace) -> StreamHub:
    """Add the WebSocket routes over `face` to `app`; the hub is also kept in app.extensions["sim_stream_hub"]."""
    hub = StreamHub(face)
    app.extensions[HUB_EXTENSION] = hub
    for prefix, served in PREFIXES.items():
        _routes(app, face, hub, prefix, served)
    return hub


def _routes(app: Quart, face: StreamFace, hub: StreamHub, prefix: str, served: frozenset[str]) -> None:
    users = prefix in _USER_PREFIXES

    async def raw(names: str = "") -> Response | None:
        listed = [name for name in names.split("/") if name]
        if not users:
            # A path name without "@" is the client's connection id on the market paths (ccxt's /market/ws/<n>)
            listed = [name for name in listed if "@" in name]
        return await _open(face, hub, served, users, False, listed)

    async def combined() -> Response | None:
        listed = [name for name in websocket.args.get("streams", "").split("/") if name]
        return await _open(face, hub, served, users, True, listed)

    label = prefix.strip("/") or "legacy"
    app.add_websocket(f"{prefix}/ws", f"sim_ws_{label}_raw_bare", raw)
    app.add_websocket(f"{prefix}/ws/<path:names>", f"sim_ws_{label}_raw", raw)
    app.add_websocket(f"{prefix}/stream", f"sim_ws_{label}_combined", combined)


async def _open(
    face: StreamFace, hub: StreamHub, served: frozenset[str], users: bool, combined: bool, names: list[str]
) -> Response | None:
    outbox = Outbox()
    key_alive = face.listen_keys.is_alive if users else None

    def now() -> datetime:
        # Read afresh each time, so a reset simulation's clock is the one counted
        return face.simulation.clock.now()

    connection = StreamConnection(face.simulation.symbol, served, combined, outbox, now, key_alive)
    keys, events = _listen_keys()
    try:
        connection.subscribe([*names, *keys], events)
    except ListenKeyError:
        return refusal(INVALID_LISTEN_KEY.to_dict())
    except (StreamNameError, MethodError) as exc:
        return refusal({"code": 2, "msg": f"Invalid request: {exc}" if isinstance(exc, StreamNameError) else str(exc)})
    await serve(hub, connection, outbox)
    return None


def _listen_keys() -> tuple[list[str], dict[str, frozenset[str]]]:
    """The URL's listenKeys, each with the `events` given after it (`?listenKey=K1&events=A/B&listenKey=K2…`)."""
    keys: list[str] = []
    events: dict[str, frozenset[str]] = {}
    for name, value in websocket.args.items(multi=True):
        if name == "listenKey":
            keys.append(value)
        elif name == "events" and keys:
            events[keys[-1]] = frozenset(kind for kind in value.split("/") if kind)
    return keys, events
