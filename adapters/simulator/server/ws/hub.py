"""The streams of one app: every open socket and the one ticker that advances the simulation while any is open.

The simulation moves only when someone calls advance(); while sockets are open the ticker does so every TICK_SECONDS
of real time, then lets each listenKey subscription check its key, its age and its faults. Market windows reach the
sockets through the tap, whoever advanced the simulation. Every socket is a StreamConnection; each listenKey it
subscribes to is a UserDataConnection on the socket's outbox.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import anyio

from adapters.simulator.exchange.events import UserDataEvent
from adapters.simulator.server.ws.connection import StreamConnection
from adapters.simulator.server.ws.face import StreamFace
from adapters.simulator.server.ws.market_tap import tap_market
from adapters.simulator.server.ws.market_window import MarketWindow
from adapters.simulator.server.ws.outbox import Outbox
from adapters.simulator.server.ws.user_connection import UserDataConnection
from adapters.simulator.simulation import Simulation

_log = logging.getLogger(__name__)

TICK_SECONDS = 0.05


class StreamHub:
    """Reads the wire face's simulation, listenKeys and faults afresh each time, so a reset is picked up."""

    def __init__(self, face: StreamFace, tick_seconds: float = TICK_SECONDS) -> None:
        if tick_seconds <= 0:
            raise ValueError(f"the stream ticker needs a positive period, got {tick_seconds!r}")
        self._face = face
        self._tick_seconds = tick_seconds
        self._users: dict[UserDataConnection, Callable[[], None]] = {}
        self._sockets: dict[StreamConnection, dict[str, UserDataConnection]] = {}
        self._tapped: Simulation | None = None
        self._ticker: asyncio.Task[None] | None = None

    @property
    def open_sockets(self) -> int:
        """Registered sockets, whatever they subscribe to."""
        return len(self._sockets)

    def open(self, connection: StreamConnection, outbox: Outbox) -> None:
        """Register a socket; listenKeys it subscribes to get user-data connections on its outbox."""
        self._tap()
        attached: dict[str, UserDataConnection] = {}
        self._sockets[connection] = attached
        connection.bind(_Hooks(self, attached, outbox, connection))
        self._start()

    def close(self, connection: StreamConnection) -> None:
        """Forget a socket and its listenKeys (idempotent); the ticker stops with the last one."""
        for user in self._sockets.pop(connection, {}).values():
            self.close_user(user)
        if not self._sockets and self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None

    def open_user(
        self, listen_key: str, outbox: Outbox, combined: Callable[[], bool], events: frozenset[str] = frozenset()
    ) -> UserDataConnection:
        """A listenKey subscription on a socket's outbox: the engine's events from now on (only `events`, if any)."""
        connection = UserDataConnection(self._face, listen_key, outbox, combined, events)
        self._users[connection] = self._face.simulation.engine.subscribe(self._listener(connection))
        return connection

    def close_user(self, connection: UserDataConnection) -> None:
        """Stop a listenKey subscription (idempotent)."""
        unsubscribe = self._users.pop(connection, None)
        if unsubscribe is not None:
            unsubscribe()

    def tick(self) -> None:
        """One round: advance the simulation (market windows flow through the tap), then check the user sockets."""
        self._tap()
        self._face.simulation.advance()
        for connection in list(self._users):
            connection.tick()

    def _listener(self, connection: UserDataConnection) -> Callable[[UserDataEvent], None]:
        def on_event(event: UserDataEvent) -> None:
            try:
                connection.on_event(event)
            except Exception:  # noqa: BLE001 - logged with its traceback
                # The engine calls listeners inside the REST request: a stream bug must not fail the order
                _log.exception("user-data socket failed on %s", type(event).__name__)

        return on_event

    def _on_window(self, window: MarketWindow) -> None:
        for connection in list(self._sockets):
            connection.on_window(window)

    def _tap(self) -> None:
        simulation = self._face.simulation
        if simulation is not self._tapped:
            tap_market(simulation, self._on_window)
            self._tapped = simulation

    def _start(self) -> None:
        if self._ticker is None:
            self._ticker = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - logged; the next round runs anyway
                _log.exception("stream ticker round failed")
            await anyio.sleep(self._tick_seconds)


class _Hooks:
    """A socket's listenKey subscriptions, as user-data connections sharing its outbox and its `combined`."""

    def __init__(
        self, hub: StreamHub, attached: dict[str, UserDataConnection], outbox: Outbox, socket: StreamConnection
    ) -> None:
        self._hub = hub
        self._attached = attached
        self._outbox = outbox
        self._socket = socket

    def attach(self, listen_key: str, events: frozenset[str]) -> None:
        socket = self._socket
        self._attached[listen_key] = self._hub.open_user(listen_key, self._outbox, lambda: socket.combined, events)

    def detach(self, listen_key: str) -> None:
        user = self._attached.pop(listen_key, None)
        if user is not None:
            self._hub.close_user(user)
