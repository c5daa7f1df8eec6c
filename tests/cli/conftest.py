"""Run the CLI the way users do: a subprocess from the repository root, with a clean ALPHAENGINE_* environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.harness.processes import WAIT_S, Background

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Cli:
    db: Path
    env: dict[str, str]
    started: list[Background] = field(default_factory=list)

    def run(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        stdin: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run `alphaengine --db <tmp db> ARGS…` to completion; `stdin` is piped in (else an empty stdin)."""
        return self.run_without_db("--db", str(self.db), *args, env=env, stdin=stdin)

    def run_without_db(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        stdin: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command("-m", "entrypoints.cli", *args),
            check=False,
            cwd=REPO,
            env={**self.env, **(env or {})},
            input=stdin or "",
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
