"""`alphaengine demo`: simulator, bot and web in one process, the bot and web living on the simulation's clock."""

from __future__ import annotations

import dataclasses
import logging
import secrets as token_source
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
import httpx
from dependency_injector import providers

from config.constants import Defaults, SimCredentials
from config.secrets import Secrets
from ports.clock import Clock
from ports.config_store import ConfigStore
from ports.user_store import User, UserStore

if TYPE_CHECKING:
    from quart import Quart

    from adapters.simulator.server.app import WireFace
    from adapters.simulator.simulation import Simulation

log = logging.getLogger("alphaengine.demo")

DEMO_USER = "demo"
# 30 simulated minutes per real minute: with 1m klines a fresh sma 3/8 cross comes well within the first minute
DEMO_SPEED = 30.0
DEMO_SETTINGS: dict[str, dict[str, Any]] = {
    "strategy": {
        "name": "sma_cross",
        "timeframe": "1m",
        # 0.1 % of equity at risk: an order the simulator's book fills in one go
        "params": {"fast": 3, "slow": 8, "stop_pct": "0.01", "risk_per_trade": "0.001"},
    },
}
SERVING_TIMEOUT_S = 10.0
# The web starts after the bot's boot; a slow machine may need longer before it answers
WEB_SERVING_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class DemoOptions:
    sim_host: str = "127.0.0.1"
    sim_port: int = Defaults.SIM_PORT
    web_host: str = Defaults.WEB_HOST
    web_port: int = Defaults.WEB_PORT
    speed: float = DEMO_SPEED
    seed: int = 42
    spot_balance: Decimal = Decimal("1000")

    def __post_init__(self) -> None:
        if not self.speed >= 1:
            raise ValueError(f"--speed must be at least 1 (simulated seconds per real second), got {self.speed}")


class SimulationClock(Clock):
    """The simulator's clock, looked up on every reading: a /_sim/reset replaces the simulation, not this clock."""

    def __init__(self, face: WireFace) -> None:
        self._face = face

    def now(self) -> datetime:
        return self._face.simulation.clock.now()


def demo_database(chosen: Path | None) -> Path:
    """--db, else the demo's own file; never $ALPHAENGINE_DB, which names the real deployment's database."""
    return Defaults.DEMO_DB_PATH if chosen is None else chosen


def demo_secrets(base: Secrets, options: DemoOptions) -> Secrets:
    """Sim mode against the embedded simulator, with its public key pair, whatever the secrets file says."""
    from config.secrets import Credentials, Secret
    from entrypoints.sim import sim_url

    url = sim_url(options.sim_host, options.sim_port)
    endpoints = base.endpoints.with_overrides(rest_url=url, ws_url="ws" + url.removeprefix("http"))
    credentials = Credentials(Secret(SimCredentials.API_KEY), Secret(SimCredentials.API_SECRET))
    return dataclasses.replace(base, mode="sim", credentials=credentials, endpoints=endpoints)


def demo_simulation(
    options: DemoOptions, start: datetime | None = None, real: Callable[[], float] | None = time.monotonic
) -> Simulation:
    """The demo's market: `start` None is the wall clock now; `real` None makes the clock manual (tests)."""
    from adapters.simulator.simulation import Simulation, SimulationOptions

    return Simulation(
        SimulationOptions(
            seed=options.seed,
            factor=options.speed,
            real=real,
            start=start or datetime.now(UTC),
            spot_balance=options.spot_balance,
        )
    )


def demo_sim_app(simulation: Simulation) -> Quart:
    from entrypoints.sim import build_sim_app

    return build_sim_app(simulation, {SimCredentials.API_KEY: SimCredentials.API_SECRET})


def use_simulation_clock(adapters: Any, app: Quart) -> Clock:
    """Make the adapter set's clock the simulation's, so REST timestamps match the simulator at any speed."""
    clock = SimulationClock(app.config["SIM_FACE"])
    adapters.clock.override(providers.Object(clock))
    return clock


def seed_demo_settings(store: ConfigStore, clock: Clock) -> list[str]:
    """Write the demo's strategy into a fresh database (a section already stored is the user's: it stays)."""
    written = []
    for key, value in DEMO_SETTINGS.items():
        if store.get(key) is None:
            store.put(key, value, expected_version=0, updated_by="demo", now=clock.now())
            written.append(key)
    return written


def demo_login(users: UserStore, clock: Clock) -> str:
    """Create the demo user, or give it a new password; return the password (shown once, stored only hashed)."""
    from entrypoints.web.security.passwords import hash_password

    password = token_source.token_urlsafe(12)
    hashed = hash_password(password)
    if users.get_user(DEMO_USER) is None:
        users.add_user(User(DEMO_USER, hashed, clock.now()))
    else:
        users.set_password(DEMO_USER, hashed)
    return password


async def serve_demo(
    app: Quart, options: DemoOptions, bot: Callable[[anyio.Event], Awaitable[object]], stop: anyio.Event
) -> None:
    """Serve the simulator, run `bot` once it answers, and stop the simulator only after the bot has stopped.

    So the bot still reaches it at shutdown (deleting its listenKey, closing its WebSocket cleanly).
    """
    from entrypoints.sim import serve_app, sim_url

    sim_stop = anyio.Event()
    async with anyio.create_task_group() as group:
        group.start_soon(serve_app, app, options.sim_host, options.sim_port, sim_stop)
        try:
            await wait_until_serving(sim_url(options.sim_host, options.sim_port))
            await bot(stop)
        finally:
            sim_stop.set()


async def wait_until_serving(
    url: str, timeout_s: float = SERVING_TIMEOUT_S, *, path: str = "/fapi/v1/ping", what: str = "the simulator"
) -> None:
    """Return once `url` answers GET `path` (the simulator's ping by default); TimeoutError names the URL otherwise."""
    async with httpx.AsyncClient(base_url=url, timeout=1.0) as client:
        with anyio.move_on_after(timeout_s):
            while True:
                try:
                    await client.get(path)
                    return
                except httpx.TransportError:
                    await anyio.sleep(0.05)
    raise TimeoutError(f"{what} at {url} did not answer within {timeout_s:.0f} s")


def reachable_host(host: str) -> str:
    """Where this machine reaches a server bound to `host`: a wildcard bind is reached on the loopback."""
    return {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)  # noqa: S104 - only compared


async def announce_when_serving(url: str, announce: Callable[[], None], stop: anyio.Event) -> None:
    """Call `announce` (it prints the dashboard's URL and login) once the dashboard answers, so the URL works when
    it is shown; then wait for the stop like the other services."""
    await wait_until_serving(url, WEB_SERVING_TIMEOUT_S, path="/health", what="the dashboard")
    announce()
    await stop.wait()
