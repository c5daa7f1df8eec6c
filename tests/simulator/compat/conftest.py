"""`alphaengine sim` as a real process on a free port, for clients that cannot run inside the test's event loop."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

T = TypeVar("T")
KEY = "CompatKey1"
SECRET = "CompatSecret1"
SYMBOL = "XRPUSDT"
# How long a test waits for a stream event before failing: a hang guard, never a pass/fail timing
EVENT_TIMEOUT_SECONDS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(f"alphaengine sim exited with {process.returncode}")
        try:
            httpx.get(f"{url}/fapi/v1/ping", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise AssertionError("alphaengine sim did not start serving")


@pytest.fixture(scope="module")
def sim_url() -> Iterator[str]:
    """The base URL of a running `alphaengine sim` (wall-clock start, speed 1, seed 42, the test's key pair)."""
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("alphaengine")),
        "sim",
        "--port",
        str(port),
        "--seed",
        "42",
        "--api-key",
        KEY,
        "--api-secret",
        SECRET,
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def ws_url(sim_url: str) -> str:
    """The simulator's WebSocket base (same port)."""
    return sim_url.replace("http://", "ws://", 1)


def assert_all_served(sim_url: str) -> None:
    """No request so far got the simulator's unknown-path 404 (GET /_sim/unserved lists them by method and path)."""
    response = httpx.get(f"{sim_url}/_sim/unserved", timeout=5.0)
    response.raise_for_status()
    rows: list[dict[str, Any]] = response.json()
    assert rows == [], "requests the simulator does not serve: " + ", ".join(
        f"{row['method']} {row['path']} ×{row['count']}" for row in rows
    )


# One attempt of an action that makes a stream speak, while the client's socket or subscription may still be opening
ATTEMPT_SECONDS = 1.0
ATTEMPTS = 10


async def until_seen(watched: Awaitable[T], act: Callable[[], Awaitable[object]]) -> T:
    """What `watched` returns, acting again each attempt: a user-data socket says nothing once it is open, so an
    event sent before it is open (or subscribed) is missed, and the next attempt's event is the one seen."""
    task = asyncio.ensure_future(watched)
    for _ in range(ATTEMPTS):
        await act()
        done, _ = await asyncio.wait({task}, timeout=ATTEMPT_SECONDS)
        if done:
            return task.result()
    task.cancel()
    raise AssertionError("the stream sent nothing")
