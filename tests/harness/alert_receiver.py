"""A webhook on loopback that apprise's json:// URL posts alerts to: it records them, or hangs, or fails on purpose."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# A hung receiver holds each request this long at most, so a test never leaves a thread behind for good
HANG_LIMIT_S = 30.0


@dataclass
class Receiver:
    port: int
    posts: list[dict[str, Any]] = field(default_factory=list)
    # Cleared: every request waits until it is set (a receiver that hangs)
    answering: threading.Event = field(default_factory=threading.Event)
    # How many requests reached the receiver, answered or not
    arrived: int = 0
    status: int = 200
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/alerts"

    def titles(self) -> list[str]:
        with self._lock:
            return [post["title"] for post in self.posts]

    def wait_for_arrivals(self, count: int, limit_s: float = 30.0) -> bool:
        """Whether `count` requests arrived within the limit (a bound for a slow machine, not a measurement)."""
        done = threading.Event()
        for _ in range(int(limit_s * 20)):
            with self._lock:
                if self.arrived >= count:
                    return True
            done.wait(0.05)
        return False


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with receiver._lock:
                receiver.arrived += 1
            receiver.answering.wait(HANG_LIMIT_S)
            if receiver.status == 200:
                with receiver._lock:
                    receiver.posts.append(json.loads(body))
            self.send_response(receiver.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            """Quiet: the test asserts on what was posted."""

    return Handler


@contextmanager
def alert_receiver(*, answering: bool = True, status: int = 200) -> Iterator[Receiver]:
    """A receiver on a free loopback port for the block; `answering` False: it hangs until told to answer."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Receiver(0)))
    receiver = Receiver(server.server_address[1], status=status)
    server.RequestHandlerClass = _handler(receiver)
    server.daemon_threads = True
    if answering:
        receiver.answering.set()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.answering.set()
        server.shutdown()
        server.server_close()
        thread.join()


def closed_port() -> int:
    """A loopback port nothing listens on: a connection to it is refused."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
