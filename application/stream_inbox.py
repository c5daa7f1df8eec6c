"""The user-data stream's buffer between its reader task and the main loop."""

from __future__ import annotations

from collections import deque
from contextlib import aclosing
from datetime import timedelta

import anyio

from ports.clock import Clock
from ports.exchange import StreamState, StreamStatus, UserDataMessage, UserDataStream

# Event-loop turns the reader needs to hand over a frame the socket already holds: one to poll the socket, one for
# the connection to parse it, one for the reader to take it, one to spare
READER_TURNS = 4


class StreamInbox:
    """Buffers the user-data stream (read by its own task) so the loop drains it without ever blocking on it."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._pending: deque[UserDataMessage] = deque()
        self._wake = anyio.Event()

    async def pump(self, stream: UserDataStream) -> None:
        """Read the stream until it ends; an ending or failing stream is reported as a disconnection."""
        detail = "the user-data stream ended"
        try:
            # aclosing: a cancelled pump must still close the stream's socket, not leave it to the garbage collector
            async with aclosing(stream.messages()) as messages:
                async for message in messages:
                    self.put(message)
        except Exception as exc:  # noqa: BLE001 - the loop must learn the stream is gone, whatever the cause
            detail = f"the user-data stream failed: {type(exc).__name__}: {exc}"
        self.put(StreamStatus(StreamState.DISCONNECTED, self._clock.now(), detail))

    @property
    def has_pending(self) -> bool:
        return bool(self._pending)

    def put(self, message: UserDataMessage) -> None:
        self._pending.append(message)
        self._wake.set()

    def drain(self) -> list[UserDataMessage]:
        taken = list(self._pending)
        self._pending.clear()
        if self._wake.is_set():
            self._wake = anyio.Event()
        return taken

    async def arrived(self) -> bool:
        """Let the reader hand over what its socket already holds, without waiting for anything new; whether a
        message is waiting now. A few turns of the event loop: no timer, no sleep, nothing when the socket is empty."""
        for _ in range(READER_TURNS):
            if self._pending:
                return True
            await anyio.lowlevel.checkpoint()
        return bool(self._pending)

    async def wait(self, timeout: timedelta) -> None:  # noqa: ASYNC109 - the loop's idle budget, not a deadline
        """Return when a message is waiting or arrives, or when `timeout` passes, whichever is first."""
        if self._pending:
            return
        with anyio.move_on_after(timeout.total_seconds()):
            await self._wake.wait()
