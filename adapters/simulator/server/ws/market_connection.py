"""One market-stream socket: its subscriptions, the payloads of each market window, and the JSON control methods.

Raw paths (/ws) send bare payloads; combined paths (/stream) wrap them as {"stream": name, "data": payload}.
SUBSCRIBE / UNSUBSCRIBE answer {"result": null, "id": …}, LIST_SUBSCRIPTIONS {"result": [names], "id": …}; a bad
request gets {"code": 2, "msg": "Invalid request: …", "id": …} and bad JSON {"code": 3, "msg": "Invalid JSON: …"},
the error messages of Binance's WebSocket docs. On the legacy paths a listenKey is a stream too (Binance's own
connector subscribes to it on /ws): its user-data events then share the socket.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol

from adapters.simulator.server.ws.market_streams import StreamName, StreamNameError, parse_stream
from adapters.simulator.server.ws.market_window import MarketWindow
from adapters.simulator.server.ws.outbox import Outbox

METHODS = ("SUBSCRIBE", "UNSUBSCRIBE", "LIST_SUBSCRIPTIONS")
KeyCheck = Callable[[str], bool]


class UserHooks(Protocol):
    """Where a subscribed listenKey is attached to (and detached from) this socket."""

    def attach(self, listen_key: str) -> None: ...

    def detach(self, listen_key: str) -> None: ...


class MarketConnection:
    """`key_alive` None: this path serves no user data, so a name without "@" is an invalid stream name."""

    def __init__(
        self, symbol: str, served: frozenset[str], combined: bool, outbox: Outbox, key_alive: KeyCheck | None = None
    ) -> None:
        self._symbol = symbol
        self._served = served
        self.combined = combined
        self._outbox = outbox
        self._key_alive = key_alive
        self._streams: dict[str, StreamName] = {}
        self._keys: list[str] = []
        self._users: UserHooks | None = None

    @property
    def closed(self) -> bool:
        return self._outbox.closed

    @property
    def subscriptions(self) -> list[str]:
        return [*self._streams, *self._keys]

    def bind(self, users: UserHooks) -> None:
        """Attach the listenKeys subscribed so far, and every later one, through `users`."""
        self._users = users
        for key in self._keys:
            users.attach(key)

    def subscribe(self, names: list[str]) -> None:
        """Add streams and listenKeys (StreamNameError names the first bad one and adds none)."""
        streams = [parse_stream(name, self._symbol, self._served) for name in names if "@" in name]
        keys = [self._checked_key(name) for name in names if "@" not in name]
        for stream in streams:
            self._streams.setdefault(stream.name, stream)
        for key in keys:
            if key not in self._keys:
                self._keys.append(key)
                if self._users is not None:
                    self._users.attach(key)

    def unsubscribe(self, names: list[str]) -> None:
        for name in names:
            self._streams.pop(name, None)
            if name in self._keys:
                self._keys.remove(name)
                if self._users is not None:
                    self._users.detach(name)

    def on_window(self, window: MarketWindow) -> None:
        """Send the window's payloads of every subscribed stream, in event-time order."""
        timed = [
            (at, stream.name, payload) for stream in self._streams.values() for at, payload in window.payloads(stream)
        ]
        timed.sort(key=lambda item: item[0])
        for _, name, payload in timed:
            self._outbox.push({"stream": name, "data": payload} if self.combined else payload)

    def on_message(self, text: str) -> None:
        """Answer one client message (the JSON control methods)."""
        try:
            request = json.loads(text)
        except ValueError as exc:
            self._outbox.push({"code": 3, "msg": f"Invalid JSON: {exc}"})
            return
        if not isinstance(request, dict):
            self._outbox.push({"code": 2, "msg": "Invalid request: expected a JSON object"})
            return
        try:
            result = self._call(request)
        except (StreamNameError, _BadRequest) as exc:
            self._outbox.push({"code": 2, "msg": f"Invalid request: {exc}", "id": request.get("id")})
            return
        self._outbox.push({"result": result, "id": request.get("id")})

    def _call(self, request: dict[str, Any]) -> list[str] | None:
        method = request.get("method")
        if method not in METHODS:
            raise _BadRequest(f"unknown method {method!r}, expected one of {', '.join(METHODS)}")
        if method == "LIST_SUBSCRIPTIONS":
            return self.subscriptions
        params = request.get("params")
        if not isinstance(params, list) or not all(isinstance(name, str) for name in params):
            raise _BadRequest("params must be a list of stream names")
        if method == "SUBSCRIBE":
            self.subscribe(params)
        else:
            self.unsubscribe(params)
        return None

    def _checked_key(self, name: str) -> str:
        if self._key_alive is None:
            raise StreamNameError(f"invalid stream name {name!r}: expected <symbol>@<stream>")
        if not self._key_alive(name):
            raise StreamNameError(f"listenKey {name!r} does not exist")
        return name


class _BadRequest(ValueError):
    pass
