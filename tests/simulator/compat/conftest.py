"""`alphaengine sim` as a real process on a free port, for clients that cannot run inside the test's event loop."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

KEY = "CompatKey1"
SECRET = "CompatSecret1"


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
