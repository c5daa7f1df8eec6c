"""Child processes started by tests: wait until one is ready, and end it with SIGTERM, then SIGKILL."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable

POLL_S = 0.05


def wait_until(ready: Callable[[], bool], process: subprocess.Popen[bytes], timeout_s: float) -> bool:
    """True once `ready()` holds; False when the process exits or `timeout_s` passes first."""
    deadline = time.monotonic() + timeout_s
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(POLL_S)
    return True


def stop_child(process: subprocess.Popen[bytes] | None, timeout_s: float) -> None:
    """SIGTERM, and SIGKILL when the process has not ended within `timeout_s`; nothing for one already gone."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout_s)
