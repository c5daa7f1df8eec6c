"""A stand-in for systemd's notify socket: a datagram socket the test binds, read without blocking."""

from __future__ import annotations

import select
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import anyio


class NotifySocket:
    """Bound at a short path: a Unix socket's path may not exceed about 107 bytes, which pytest's tmp_path can."""

    def __init__(self, address: str) -> None:
        self.address = address
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.setblocking(False)

    @property
    def name(self) -> str:
        """What $NOTIFY_SOCKET holds."""
        return self.address

    def bind(self) -> None:
        self._socket.bind(self.address)

    def close(self) -> None:
        self._socket.close()

    def received(self) -> list[str]:
        """Every message that arrived since the last call, oldest first."""
        messages = []
        while True:
            try:
                messages.append(self._socket.recv(65536).decode("utf-8"))
            except BlockingIOError:
                return messages

    async def wait_for(self, assignment: str) -> list[str]:
        """Messages up to and including the first holding `assignment` (e.g. "READY=1"); the caller bounds the wait."""
        taken: list[str] = []
        while True:
            for message in self.received():
                taken.append(message)
                if assignment in message.split("\n"):
                    return taken
            await anyio.sleep(0.005)

    def block_until(self, assignment: str, timeout_s: float) -> list[str]:
        """Like wait_for, for a test outside an event loop (a bot in another process); AssertionError on timeout."""
        taken: list[str] = []
        deadline = time.monotonic() + timeout_s
        while (remaining := deadline - time.monotonic()) > 0:
            select.select([self._socket], [], [], remaining)
            for message in self.received():
                taken.append(message)
                if assignment in message.split("\n"):
                    return taken
        raise AssertionError(f"no {assignment} within {timeout_s} s; received {taken}")


@contextmanager
def notify_socket(*, bind: bool = True) -> Iterator[NotifySocket]:
    folder = Path(tempfile.mkdtemp(prefix="ae-notify-"))
    listener = NotifySocket(str(folder / "notify"))
    try:
        if bind:
            listener.bind()
        yield listener
    finally:
        listener.close()
        shutil.rmtree(folder, ignore_errors=True)
