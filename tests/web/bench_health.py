"""`/health` latency while clients load the dashboard (issue 13, ADR 0066), in-process on a scratch SQLite file.

    python -m tests.web.bench_health [--path /api/dashboard] [--clients 8] [--seconds 5]

Prints one line: the path loaded, requests served, and /health p50 / p99 / max in ms. Run the same command with
PYTHONPATH on another tree to compare (docs/benchmarks.md). A timing, never a test.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import anyio

from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from config.secrets import load_secrets
from entrypoints.bench.storage import fill_events
from entrypoints.containers.adapters import sqlite_adapters
from entrypoints.containers.web import build_web_container
from tests.web.api.conftest import Api, logged_in, secured_app
from tests.web.api.test_dashboard_reads import seed

TRADES = 300_000
EVENT_TRADES = 50_000
PROBE_EVERY_S = 0.01


async def bench(folder: Path, path: str, clients: int, seconds: float) -> str:
    database = folder / "web.sqlite3"
    connection = open_database(database)
    SqliteEventStore(connection).append(list(fill_events(1, EVENT_TRADES)))
    (folder / "secrets.yaml").write_text("mode: sim\n", encoding="utf-8")
    container = build_web_container(load_secrets(folder / "secrets.yaml", env={}), sqlite_adapters(database))
    seed(container, connection, TRADES)
    connection.close()
    api = await logged_in(secured_app(container), container)
    served, health_ms = [0], []
    deadline = time.perf_counter() + seconds

    async def load() -> None:
        while time.perf_counter() < deadline:
            response = await api.get(path)
            assert response.status_code == 200, await response.get_data(as_text=True)
            served[0] += 1

    async def probe(api: Api) -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            response = await api.get("/health")
            health_ms.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            await anyio.sleep(PROBE_EVERY_S)

    async with anyio.create_task_group() as tasks:
        for _ in range(clients):
            tasks.start_soon(load)
        tasks.start_soon(probe, api)
    ordered = sorted(health_ms)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * len(ordered)) - 1)]
    return (
        f"{path} x{clients} for {seconds:g} s: {served[0]} served ({served[0] / seconds:.0f}/s); "
        f"/health n={len(ordered)} p50 {statistics.median(ordered):.1f} ms, p99 {p99:.1f} ms, max {ordered[-1]:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--path", default="/api/dashboard")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(anyio.run(bench, Path(folder), args.path, args.clients, args.seconds, backend="asyncio"), flush=True)


if __name__ == "__main__":
    main()
