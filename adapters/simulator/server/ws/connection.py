"""One stream socket, on any path: its market streams and listenKeys, the `combined` property, the JSON methods
(methods.py) and Binance's per-connection limits.

Raw paths (/ws) start with `combined` false and send bare payloads; combined paths (/stream) start with it true and
wrap each as {"stream": name, "data": payload}; SET_PROPERTY switches it. A listenKey is a stream on the paths that
serve user data (/private and the legacy ones): its events then share the socket. Limits, as Binance documents them
for USDⓈ-M streams: at most 10 incoming messages per second (of simulated time), else the socket is closed; at most
1024 streams per connection, else the SUBSCRIBE is refused.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from adapters.simulator.errors import INVALID_LISTEN_KEY
from adapters.simulator.server.ws.market_streams import StreamName, StreamNameError, parse_stream
from adapters.simulator.server.ws.market_window import MarketWindow
from adapters.simulator.server.ws.methods import (
    MethodError,
    Request,
    property_name,
    property_value,
    read_request,
    stream_names,
)
from adapters.simulator.server.ws.outbox import Outbox
from domain.times import epoch_ms

KeyCheck = Callable[[str], bool]
MAX_MESSAGES_PER_SECOND = 10
MAX_STREAMS = 1024
POLICY_VIOLATION = 1008


class UserHooks(Protocol):
    """Where a subscribed listenKey is attached to (and detached from) this socket."""

    def attach(self, listen_key: str, events: frozenset[str]) -> None: ...

    def detach(self, listen_key: str) -> None: ...


class ListenKeyError(ValueError):
    """A listenKey that is not alive (unknown, expired or deleted)."""


class StreamConnection:
    """`key_alive` None: this path serves no user data, so a name without "@" is an invalid stream name."""

    def __init__(
        self,
        symbol: str,
        served: frozenset[str],
        combined: bool,
        outbox: Outbox,
        now: Callable[[], datetime],
        key_alive: KeyCheck | None = None,
        max_streams: int = MAX_STREAMS,
    ) -> None:
        self._symbol = symbol
        self._served = served
        self.combined = combined
        self._outbox = outbox
        self._now = now
        self._key_alive = key_alive
        self._max_streams = max_streams
        self._streams: dict[str, StreamName] = {}
        self._keys: list[str] = []
        self._events: dict[str, frozenset[str]] = {}
        self._users: UserHooks | None = None
        self._received: deque[int] = deque()

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
            users.attach(key, self._events.get(key, frozenset()))

    def subscribe(self, names: list[str], events: dict[str, frozenset[str]] | None = None) -> None:
        """Add streams and listenKeys (each listenKey's events only those `events` names for it, when it does);
        StreamNameError, ListenKeyError or a too-many MethodError add none."""
        streams = [parse_stream(name, self._symbol, self._served) for name in names if "@" in name]
        keys = [self._checked_key(name) for name in names if "@" not in name]
        added = {stream.name for stream in streams} - set(self._streams)
        added |= set(keys) - set(self._keys)
        if len(self._streams) + len(self._keys) + len(added) > self._max_streams:
            raise MethodError(
                2, f"Invalid request: too many streams: a connection listens to at most {self._max_streams}"
            )
        for stream in streams:
            self._streams.setdefault(stream.name, stream)
        for key in keys:
            if key not in self._keys:
                self._keys.append(key)
                self._events[key] = (events or {}).get(key, frozenset())
                if self._users is not None:
                    self._users.attach(key, self._events[key])

    def unsubscribe(self, names: list[str]) -> None:
        for name in names:
            self._streams.pop(name, None)
            if name in self._keys:
                self._keys.remove(name)
                self._events.pop(name, None)
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
        """Answer one client message; past the message rate the socket is closed instead."""
        if self._over_rate():
            self._outbox.close(POLICY_VIOLATION, f"too many messages: at most {MAX_MESSAGES_PER_SECOND} per second")
            return
        request_id = None
        try:
            request = read_request(text)
            request_id = request.request_id
            result = self._call(request)
        except MethodError as exc:
            # An unreadable request carries its id (if any) in the error; a refused method, the request's
            answer = exc.reply()
            answer["id"] = exc.request_id if request_id is None else request_id
            self._outbox.push(answer)
            return
        except StreamNameError as exc:
            self._outbox.push(MethodError(2, f"Invalid request: {exc}", request_id).reply())
            return
        except ListenKeyError:
            self._outbox.push({"error": INVALID_LISTEN_KEY.to_dict(), "id": request_id})
            return
        self._outbox.push({"result": result, "id": request_id})

    def _call(self, request: Request) -> Any:
        method = request.method
        if method == "LIST_SUBSCRIPTIONS":
            return self.subscriptions
        if method == "GET_PROPERTY":
            property_name(request, 1)
            return self.combined
        if method == "SET_PROPERTY":
            property_name(request, 2)
            self.combined = property_value(request)
            return None
        names = stream_names(request)
        if method == "SUBSCRIBE":
            self.subscribe(names)
        else:
            self.unsubscribe(names)
        return None

    def _over_rate(self) -> bool:
        now_ms = epoch_ms(self._now())
        while self._received and self._received[0] <= now_ms - 1000:
            self._received.popleft()
        if len(self._received) >= MAX_MESSAGES_PER_SECOND:
            return True
        self._received.append(now_ms)
        return False

    def _checked_key(self, name: str) -> str:
        if self._key_alive is None:
            raise StreamNameError(
                f"invalid stream name {name!r}: expected <symbol>@<stream> (listenKeys are on /private)"
            )
        if not self._key_alive(name):
            raise ListenKeyError(name)
        return name
