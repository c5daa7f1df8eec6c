"""B12 under stream load (issue 11 scenario 8): GET /health latency while 200 clients open GET /api/stream?after=0 on a
4,300-event log, against a real `alphaengine web` process on SQLite; with its memory and the log lines it writes."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import anyio
import httpx

from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.user_store import SqliteUserStore
from entrypoints.bench.live_sim import free_port
from entrypoints.bench.recovery import ROOT
from entrypoints.bench.report import Measurement, spread
from entrypoints.bench.storage import START, fill_events
from entrypoints.web.api.stream import REPLAY_LIMIT
from entrypoints.web.security.api_keys import HEADER, new_api_key
from entrypoints.web.security.passwords import Argon2Params, hash_password
from ports.user_store import User

CLIENTS = 200
USERS = 40
TRADES = 2150  # a trade and its fee each: the 4,300-event log
# Each client reads its replay, then holds its stream open this long while /health is still sampled
HOLD_S = 3.0
SAMPLE_EVERY_S = 0.01
SETTLE_S = 1.0
READY_S = 30.0
CLIENT_S = 120.0
EVENT_LINE = b"\nid: "


@dataclass
class Crowd:
    """What the clients saw: per accepted client the events it got, per refused one its status."""

    replayed: list[int] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)
    health_ms: list[float] = field(default_factory=list)

    @property
    def settled(self) -> bool:
        return len(self.replayed) + len(self.refused) == CLIENTS


def seed(database: Path) -> list[dict[str, str]]:
    """The event log, and USERS users with one API key each (the headers a client authenticates with)."""
    connection = open_database(database)
    try:
        SqliteEventStore(connection).append(list(fill_events(1, TRADES)))
        users, headers = SqliteUserStore(connection), []
        # The password is never used: the clients authenticate with their keys
        password = hash_password("bench password, never used", Argon2Params(time_cost=1, memory_kib=8, parallelism=1))
        for index in range(USERS):
            name = f"bench{index}"
            users.add_user(User(name, password, START))
            text, key = new_api_key(name, "bench", START)
            users.add_api_key(key)
            headers.append({HEADER: text})
        return headers
    finally:
        connection.close()


def start_web(folder: Path, port: int) -> subprocess.Popen[bytes]:
    secrets = folder / "secrets.yaml"
    secrets.write_text("mode: sim\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("ALPHAENGINE_")}
    command = [
        sys.executable,
        "-m",
        "entrypoints.cli",
        "--db",
        str(folder / "bench.sqlite3"),
        "--secrets",
        str(secrets),
        "web",
        "--port",
        str(port),
    ]
    with (folder / "web.log").open("wb") as log:
        # Our own interpreter and command line
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


def resident_mb(pid: int) -> float | None:
    """The process's resident memory where the OS shows it in /proc (Linux); None elsewhere."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return None
    for line in status.read_text(encoding="ascii", errors="replace").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


async def until_serving(web: httpx.AsyncClient) -> None:
    with anyio.fail_after(READY_S):
        while True:
            try:
                if (await web.get("/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await anyio.sleep(0.05)


async def client(port: int, headers: dict[str, str], crowd: Crowd, leave: anyio.Event) -> None:
    """One EventSource-like client: ask for everything from seq 0, read its replay, hold, then drop the socket."""
    lines = [
        "GET /api/stream?after=0 HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Accept: text/event-stream",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    with anyio.fail_after(CLIENT_S):
        async with await anyio.connect_tcp("127.0.0.1", port) as socket:
            await socket.send(("\r\n".join(lines) + "\r\n\r\n").encode())
            first = await socket.receive()
            status = int(first.split(b" ", 2)[1])
            if status != 200:
                crowd.refused.append(status)
                return
            seen, tail = first.count(EVENT_LINE), first[-len(EVENT_LINE) :]
            while seen < REPLAY_LIMIT:
                chunk = await socket.receive()
                seen += (tail + chunk).count(EVENT_LINE)
                tail = chunk[-len(EVENT_LINE) :]
            crowd.replayed.append(seen)
            await leave.wait()


async def sample_health(web: httpx.AsyncClient, samples: list[float], until: anyio.Event) -> None:
    while not until.is_set():
        started = time.perf_counter()
        response = await web.get("/health")
        elapsed = (time.perf_counter() - started) * 1e3
        if response.status_code != 200:
            raise RuntimeError(f"/health answered {response.status_code} under stream load: {response.text}")
        samples.append(elapsed)
        await anyio.sleep(SAMPLE_EVERY_S)


async def measure(folder: Path, hold_s: float) -> tuple[Crowd, list[float], dict[str, float | None], int]:
    keys = seed(folder / "bench.sqlite3")
    port = free_port()
    web_process = start_web(folder, port)
    crowd = Crowd()
    idle: list[float] = []
    memory: dict[str, float | None] = {}
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=READY_S) as web:
            await until_serving(web)
            idle_done = anyio.Event()
            with anyio.move_on_after(SETTLE_S):
                await sample_health(web, idle, idle_done)
            memory["before"] = resident_mb(web_process.pid)
            logged_before = len((folder / "web.log").read_bytes().splitlines())
            leave, sampled = anyio.Event(), anyio.Event()
            async with anyio.create_task_group() as group:
                group.start_soon(sample_health, web, crowd.health_ms, sampled)
                for index in range(CLIENTS):
                    group.start_soon(client, port, keys[index % USERS], crowd, leave)
                with anyio.fail_after(CLIENT_S):
                    while not crowd.settled:  # noqa: ASYNC110 - set by many clients, polled as the figure it is
                        await anyio.sleep(0.05)
                await anyio.sleep(hold_s)
                memory["with the streams open"] = resident_mb(web_process.pid)
                sampled.set()
                leave.set()
            await anyio.sleep(SETTLE_S)
            await until_serving(web)
            memory["after the clients left"] = resident_mb(web_process.pid)
            logged = len((folder / "web.log").read_bytes().splitlines()) - logged_before
    finally:
        web_process.terminate()
        web_process.wait(timeout=READY_S)
    return crowd, idle, memory, logged


def stream_benchmarks(quick: bool) -> list[Measurement]:
    with tempfile.TemporaryDirectory(prefix="alphaengine-bench-") as scratch:
        crowd, idle, memory, logged = anyio.run(measure, Path(scratch), HOLD_S / 3 if quick else HOLD_S)
    label = f"/health, {CLIENTS} clients streaming from seq 0"
    found = [
        *spread("B12", "/health, idle", idle, "ms"),
        *spread("B12", label, crowd.health_ms, "ms", ("", "≤ 100", "")),
        Measurement("B12", "  streams accepted", len(crowd.replayed), "clients", samples=CLIENTS),
        Measurement("B12", "  streams refused with 429", crowd.refused.count(429), "clients", samples=CLIENTS),
        Measurement(
            "B12",
            "  events replayed per accepted stream, max",
            max(crowd.replayed, default=0),
            "events",
            f"≤ {REPLAY_LIMIT:,}",
        ),
        Measurement("B12", "  web log lines while the clients came and left", logged, "lines", "record only"),
    ]
    found += [
        Measurement("B12", f"  web resident memory {moment}", mb, "MB", "record only")
        for moment, mb in memory.items()
        if mb is not None
    ]
    return found
