"""WebServer: the real web process (serve_web on SQLite, real security) run in a thread for the browser tests."""

from __future__ import annotations

import socket
import time
import urllib.request
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
from anyio.from_thread import BlockingPortal, start_blocking_portal

from config.secrets import load_secrets
from entrypoints.containers.adapters import sqlite_adapters
from entrypoints.containers.web import WebContainer, build_web_container
from entrypoints.web import serve_web, web_url
from entrypoints.web.security.passwords import Argon2Params, hash_password
from ports.user_store import User

USER = "demo"
PASSWORD = "browser-test-password-0123"
SECRET = "browser-test-web-secret-0123456789abcdef0123456789"
# Cheap hashing: the production cost is asserted by the security tests
FAST = Argon2Params(time_cost=1, memory_kib=8, parallelism=1)
READY_TIMEOUT_S = 15.0


def free_port() -> int:
    # Hypercorn does not hand back the port of a :0 bind, so pick one first
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class WebServer:
    """start() serves on 127.0.0.1:<free port> and waits for /health; stop() shuts it down gracefully."""

    def __init__(self, folder: Path, database: Path) -> None:
        secrets = folder / "secrets.yaml"
        secrets.write_text(f"mode: sim\nweb:\n  secret_key: {SECRET}\n", encoding="utf-8")
        self.port = free_port()
        self.url = web_url("127.0.0.1", self.port)
        self.container: WebContainer = build_web_container(
            load_secrets(secrets, env={}),
            sqlite_adapters(database),
            host="127.0.0.1",
            port=self.port,
        )
        self._portal_cm: AbstractContextManager[BlockingPortal] | None = None
        self._portal: BlockingPortal | None = None
        self._serving: Any = None
        self._stop: anyio.Event | None = None

    def start(self) -> None:
        self.container.init_resources()
        self.container.adapters.user_store().add_user(
            User(USER, hash_password(PASSWORD, FAST), datetime.now(UTC)),
        )
        self._portal_cm = start_blocking_portal("asyncio")
        self._portal = self._portal_cm.__enter__()
        self._stop = self._portal.call(anyio.Event)
        self._serving = self._portal.start_task_soon(serve_web, self.container, self._stop)
        self._wait_until_ready()

    def stop(self) -> None:
        if self._portal_cm is None or self._portal is None or self._stop is None:
            return
        self._portal.call(self._stop.set)
        self._serving.result(timeout=10)
        self._portal_cm.__exit__(None, None, None)
        self.container.shutdown_resources()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(self.url + "health", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                if time.monotonic() > deadline or self._serving.done():
                    raise
            time.sleep(0.05)
