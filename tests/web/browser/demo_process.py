"""DemoProcess: `alphaengine demo` (simulator, real bot and web in one process) run as a child for browser tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from tests.tooling.child_process import stop_child
from tests.web.browser.web_server import free_port

LOGIN_LINE = re.compile(r"login: (?P<user>\S+) / (?P<password>\S+)")
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 15.0


class DemoProcess:
    """start() launches the demo on free ports and reads the login it prints; stop() ends it with SIGTERM."""

    def __init__(self, folder: Path, speed: float | None = None) -> None:
        self.folder = folder
        self.speed = speed
        self.database, self.secrets = folder / "demo.sqlite3", folder / "secrets.yaml"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = folder / "demo.log"
        self.user = self.password = ""
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.secrets.write_text("mode: sim\n", encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "entrypoints.cli",
            "demo",
            "--db",
            str(self.database),
            "--secrets",
            str(self.secrets),
            "--port",
            str(self.port),
            "--sim-port",
            str(free_port()),
            *(["--speed", str(self.speed)] if self.speed is not None else []),
        ]
        with self.log.open("wb") as output:
            self._process = subprocess.Popen(
                command, stdout=output, stderr=subprocess.STDOUT, cwd=self.folder, env=child_env()
            )
        self._wait_for_login()

    def stop(self) -> None:
        stop_child(self._process, STOP_TIMEOUT_S)

    def _wait_for_login(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline and self._process.poll() is None:
            found = LOGIN_LINE.search(self.log.read_text(encoding="utf-8", errors="replace"))
            if found:
                self.user, self.password = found["user"], found["password"]
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the demo printed no login within {START_TIMEOUT_S:g} s:\n{self.log.read_text()[-3000:]}")


def child_env() -> dict[str, str]:
    # The child must not pick up a developer's secrets or database through the environment
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALPHAENGINE_")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[3])
    return env
