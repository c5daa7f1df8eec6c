"""The web side of the scale bench, in-process on the SQLite file: each route's latency over repeated requests
through the real app (its security included, by API key), /health alone and while clients load the dashboard, and
the Python memory one dashboard request allocates at its peak."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
from quart import Quart

from config.secrets import Secret, load_secrets
from entrypoints.bench.storage import START
from entrypoints.containers.adapters import SqliteAdapters, sqlite_adapters
from entrypoints.containers.web import WebContainer, build_web_container
from entrypoints.web.app import create_app
from entrypoints.web.security import SecuritySettings, install_security
from entrypoints.web.security.api_keys import HEADER, new_api_key
from entrypoints.web.security.passwords import Argon2Params, hash_password
from ports.user_store import User

USER = "scale"
# Signs the tokens of a throwaway app on a scratch file; the bench authenticates by API key
SECRET = "scale-bench-web-secret-0123456789abcdef0123456789"  # noqa: S105
FAST = Argon2Params(time_cost=1, memory_kib=8, parallelism=1)
LOAD_CLIENTS = 4
PROBE_EVERY_S = 0.01


@dataclass
class WebTimings:
    """Per route, the latency of each request in ms; the dashboard request's peak Python allocation in MiB."""

    routes: dict[str, list[float]] = field(default_factory=dict)
    dashboard_peak_mib: float = 0.0
    dashboards_under_load: int = 0


def web_app(folder: Path, adapters: SqliteAdapters) -> tuple[Quart, WebContainer, dict[str, str]]:
    """The web app over `adapters`, and the header of a fresh API key."""
    secrets = folder / "web-secrets.yaml"
    secrets.write_text("mode: sim\n", encoding="utf-8")
    container = build_web_container(load_secrets(secrets, env={}), adapters)
    users, clock = container.adapters.user_store(), container.adapters.clock()
    if users.get_user(USER) is None:
        users.add_user(User(USER, hash_password("scale bench, never used", FAST), START))
    text, key = new_api_key(USER, "scale", clock.now())
    users.add_api_key(key)
    settings = SecuritySettings(password_params=FAST)
    app = create_app(container, security=lambda app: install_security(app, users, Secret(SECRET), clock, settings))
    return app, container, {HEADER: text}


async def measure_web(folder: Path, database: Path, repeats: int, load_s: float) -> WebTimings:
    adapters = sqlite_adapters(database)
    app, _, headers = web_app(folder, adapters)
    client, found = app.test_client(), WebTimings()
    try:

        async def get(path: str) -> Any:
            response = await client.get(path, headers=headers)
            if response.status_code != 200:
                raise RuntimeError(f"GET {path}: {response.status_code} {await response.get_data(as_text=True)}")
            return await response.get_json() if path.startswith("/api/") else None

        async def timed(name: str, path: str) -> None:
            await get(path)  # warm: the first request of a route compiles its templates and schemas
            for _ in range(repeats):
                started = time.perf_counter()
                await get(path)
                found.routes.setdefault(name, []).append((time.perf_counter() - started) * 1e3)

        newest = (await get("/api/events?limit=1"))["events"]
        # A page a hundredth of the way back from the start of the log: the oldest part, the deepest keyset seek
        deep = max(2, int(newest[0]["seq"]) // 100 if newest else 2)
        await timed("GET /api/dashboard", "/api/dashboard")
        await timed("GET / (dashboard page)", "/")
        await timed("GET /api/events, first page", "/api/events?limit=50")
        await timed("GET /api/events, deep before_seq page", f"/api/events?limit=50&before_seq={deep}")
        await timed("GET /health, idle", "/health")
        await health_under_load(get, found, load_s)
        tracemalloc.start()
        try:
            await get("/api/dashboard")
            found.dashboard_peak_mib = tracemalloc.get_traced_memory()[1] / 2**20
        finally:
            tracemalloc.stop()
        return found
    finally:
        adapters.shutdown_resources()


async def health_under_load(get: Callable[[str], Awaitable[Any]], found: WebTimings, seconds: float) -> None:
    """/health every 10 ms while LOAD_CLIENTS clients request /api/dashboard back to back."""
    deadline, samples = time.perf_counter() + seconds, found.routes.setdefault("GET /health, dashboard load", [])

    async def load() -> None:
        while time.perf_counter() < deadline:
            await get("/api/dashboard")
            found.dashboards_under_load += 1

    async def probe() -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            await get("/health")
            samples.append((time.perf_counter() - started) * 1e3)
            await anyio.sleep(PROBE_EVERY_S)

    async with anyio.create_task_group() as tasks:
        for _ in range(LOAD_CLIENTS):
            tasks.start_soon(load)
        tasks.start_soon(probe)
