"""One user-data socket: the engine's events after it opened, through the stream faults; expiry and the 24-hour cut.

Closes: listenKeyExpired then 1000 when the key dies (expiry without keepalive, DELETE, reset); 1000 at 24 simulated
hours; 1001 ("going away", as a server restart) when ws_close fires. While the socket is combined (`combined()`
true) each frame is wrapped as {"stream": listenKey, "data": frame}. With `events` (the `events=A/B` of the /private
URLs) only those event types are sent; listenKeyExpired always is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from adapters.simulator.exchange.events import UserDataEvent
from adapters.simulator.faults.stream import CLOSE, DELAY, DROP, DUPLICATE, REORDER, Stall
from adapters.simulator.server.ws.face import StreamFace
from adapters.simulator.server.ws.outbox import GOING_AWAY, NORMAL_CLOSURE, Outbox
from adapters.simulator.wire.encoding import encode_json
from adapters.simulator.wire.user_data_json import listen_key_expired_json, user_data_json
from domain.times import epoch_ms

_log = logging.getLogger(__name__)

MAX_AGE = timedelta(hours=24)


class UserDataConnection:
    def __init__(
        self,
        face: StreamFace,
        listen_key: str,
        outbox: Outbox,
        combined: Callable[[], bool] = lambda: False,
        events: frozenset[str] = frozenset(),
    ) -> None:
        self._face = face
        self._events = events
        self.listen_key = listen_key
        self._combined = combined
        self._outbox = outbox
        self._opened = self._now()
        self._where = f"user-data socket {listen_key[:8]}"
        self._stall: Stall | None = None
        self._held: str | None = None
        self._delayed: list[tuple[datetime, str]] = []

    @property
    def closed(self) -> bool:
        return self._outbox.closed

    def on_event(self, event: UserDataEvent) -> None:
        """Send one engine event, unless a fault drops, holds, delays or doubles it."""
        if self.closed or self._silenced():
            return
        faults, where = self._face.stream_faults, self._where
        payload = user_data_json(event, self._face.simulation.engine.spec)
        if self._events and payload["e"] not in self._events:
            return
        frame, kind = self._text(payload), payload["e"]
        if faults.fire(DROP, f"{where} dropped {kind}") is not None:
            return
        delay = faults.fire(DELAY, f"{where} delayed {kind}")
        if delay is not None:
            self._delayed.append((self._now() + timedelta(seconds=delay.seconds), frame))
            return
        if self._held is None and faults.fire(REORDER, f"{where} held {kind} back behind the next event") is not None:
            self._held = frame
            return
        copies = 2 if faults.fire(DUPLICATE, f"{where} sent {kind} twice") is not None else 1
        for _ in range(copies):
            self._outbox.push_text(frame)
        if self._held is not None:
            self._outbox.push_text(self._held)
            self._held = None

    def tick(self) -> None:
        """One ticker round: release due delayed events, then the listenKey and 24-hour checks."""
        if self.closed or self._silenced():
            return
        self._release_delayed()
        now = self._now()
        if not self._face.listen_keys.is_alive(self.listen_key):
            _log.info("listenKey %s expired: closing its socket", self.listen_key[:8])
            self._outbox.push_text(self._text(listen_key_expired_json(self.listen_key, epoch_ms(now))))
            self._outbox.close(NORMAL_CLOSURE, "listenKey expired")
        elif now - self._opened >= MAX_AGE:
            _log.info("%s reached 24 hours: closing it", self._where)
            self._outbox.close(NORMAL_CLOSURE, "24 hours")

    def _silenced(self) -> bool:
        # A stalled or closed socket sends nothing; events meanwhile are lost, as on a dead connection
        faults = self._face.stream_faults
        if self._stall is not None:
            if faults.is_stalled(self._stall):
                return True
            self._stall = None
            _log.info("%s resumes after its stall", self._where)
        if faults.fire(CLOSE, f"{self._where} closed with {GOING_AWAY}") is not None:
            self._outbox.close(GOING_AWAY, "closed by the ws_close fault")
            return True
        self._stall = faults.start_stall(self._where)
        return self._stall is not None

    def _release_delayed(self) -> None:
        now = self._now()
        due = [frame for at, frame in self._delayed if at <= now]
        self._delayed = [(at, frame) for at, frame in self._delayed if at > now]
        for frame in due:
            self._outbox.push_text(frame)

    def _text(self, payload: dict[str, Any]) -> str:
        wrapped = {"stream": self.listen_key, "data": payload} if self._combined() else payload
        return encode_json(wrapped).decode("utf-8")

    def _now(self) -> datetime:
        return self._face.simulation.clock.now()
