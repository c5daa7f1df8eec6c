"""WebProcess: `alphaengine web` run as a child on a free loopback port, as systemd runs it behind nginx."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.tooling.child_process import stop_child, wait_until
from tests.web.browser.demo_process import child_env
from tests.web.browser.web_server import free_port

READY_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 15.0


class WebProcess:
    """start() serves `database` on 127.0.0.1:<free port> and waits for /health; stop() ends it with SIGTERM."""

    def __init__(self, folder: Path, database: Path, secrets: Path, *options: str) -> None:
        self.folder, self.database, self.secrets, self.options = folder, database, secrets, options
        self.port = free_port()
        self.log = folder / "web.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "entrypoints.cli", "web", "--db", str(self.database)]
        command += ["--secrets", str(self.secrets), "--host", "127.0.0.1", "--port", str(self.port), *self.options]
        with self.log.open("wb") as output:
            self._process = subprocess.Popen(
                command, stdout=output, stderr=subprocess.STDOUT, cwd=self.folder, env=child_env()
            )
        if not wait_until(self._healthy, self._process, READY_TIMEOUT_S):
            self.stop()
            raise RuntimeError(f"the web did not answer /health:\n{self.log.read_text(errors='replace')[-3000:]}")

    def stop(self) -> None:
        stop_child(self._process, STOP_TIMEOUT_S)

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=1) as response:
                return bool(response.status == 200)
        except OSError:
            return False
