"""Run the CLI the way users do: a subprocess from the repository root, with a clean ALPHAENGINE_* environment."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WAIT_S = 30.0


@dataclass
class Cli:
    db: Path
    env: dict[str, str]
    started: list[Background] = field(default_factory=list)

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run `alphaengine --db <tmp db> ARGS…` to completion."""
        return self.run_without_db("--db", str(self.db), *args, env=env)

    def run_without_db(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command("-m", "entrypoints.cli", *args),
            cwd=REPO,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=WAIT_S * 2,
        )

    def start(self, *args: str) -> Background:
        """Start a long-running command (`-m entrypoints.bot …` or `-m entrypoints.cli demo …`)."""
        process = subprocess.Popen(
            self.command(*args),
            cwd=REPO,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.started.append(Background(process))
        return self.started[-1]

    @staticmethod
    def command(*args: str) -> list[str]:
        return [sys.executable, *args]


@dataclass
class Background:
    """A running process whose stdout and stderr lines are collected by reader threads."""

    process: subprocess.Popen[str]
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)
    readers: list[threading.Thread] = field(default_factory=list)

    def __post_init__(self) -> None:
        for stream in (self.process.stdout, self.process.stderr):
            self.readers.append(threading.Thread(target=self._pump, args=(stream,), daemon=True))
            self.readers[-1].start()

    def _pump(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str) -> re.Match[str]:
        """Return the first output line matching `pattern`; fail with everything seen if it never comes."""
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"no line matching {pattern!r}; output so far:\n" + "\n".join(self.seen))

    def interrupt(self, signum: int = signal.SIGINT) -> int:
        """Send a stop signal (as Ctrl-C or systemd would) and return the exit status."""
        self.process.send_signal(signum)
        status = self.process.wait(timeout=WAIT_S)
        for reader in self.readers:
            reader.join(timeout=WAIT_S)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return status

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=WAIT_S)


def clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALPHAENGINE_")}
    secrets = tmp_path / "secrets.yaml"
    secrets.write_text("mode: sim\n", encoding="utf-8")
    return {**env, "ALPHAENGINE_SECRETS": str(secrets), "PYTHONUNBUFFERED": "1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[Cli]:
    """A CLI runner on a fresh database; processes it started and left running are killed afterwards."""
    runner = Cli(db=tmp_path / "data" / "alphaengine.sqlite3", env=clean_env(tmp_path))
    yield runner
    for process in runner.started:
        process.kill()


@pytest.fixture
def port() -> int:
    return free_port()
