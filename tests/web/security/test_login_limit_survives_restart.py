"""The login limits live in the database: a web restarted on the same file still refuses a client and an account."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from dependency_injector import providers
from quart import Quart

from adapters.memory.clock import ManualClock
from config.secrets import load_secrets
from entrypoints.containers.adapters import SqliteAdapters, sqlite_adapters
from entrypoints.containers.web import build_web_container
from entrypoints.web.app import create_app
from entrypoints.web.database import LANES
from entrypoints.web.security import SecuritySettings, security_installer
from entrypoints.web.security.client import TrustedProxies
from entrypoints.web.security.passwords import hash_password
from ports.user_store import User
from tests.web.security.conftest import FAST, PASSWORD

pytestmark = pytest.mark.anyio

PROXY = "127.0.0.1"
SETTINGS = SecuritySettings(password_params=FAST, trusted_proxies=TrustedProxies.parse([PROXY]))


class Web:
    """One web process on the database file: its own adapter set and app, on a clock the test moves."""

    def __init__(self, folder: Path, clock: ManualClock) -> None:
        self.adapters: SqliteAdapters = sqlite_adapters(folder / "web.sqlite3")
        self.adapters.clock.override(providers.Object(clock))
        container = build_web_container(load_secrets(folder / "secrets.yaml", env={}), self.adapters)
        self.app: Quart = create_app(container, security=security_installer(container, SETTINGS))

    async def login(self, client: str, name: str = "alice", password: str = PASSWORD) -> tuple[int, str | None]:
        response = await self.app.test_client().post(
            "/api/auth/login",
            json={"username": name, "password": password},
            scope_base={"client": (PROXY, 40000)},
            headers={"X-Forwarded-For": client, "X-Forwarded-Proto": "https"},
        )
        return response.status_code, response.headers.get("Retry-After")

    def stop(self) -> None:
        for lane in self.app.extensions[LANES].values():
            lane.close()
        self.adapters.shutdown_resources()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def start(tmp_path: Path, clock: ManualClock) -> Iterator[Callable[[], Web]]:
    (tmp_path / "secrets.yaml").write_text("mode: sim\n", encoding="utf-8")
    started: list[Web] = []

    def web() -> Web:
        started.append(Web(tmp_path, clock))
        return started[-1]

    first = web()
    first.adapters.user_store().add_user(User("alice", hash_password(PASSWORD, FAST), clock.now()))
    yield web
    for each in started:
        each.stop()


async def test_a_client_refused_before_a_restart_is_refused_after_it(
    start: Callable[[], Web], clock: ManualClock
) -> None:
    before = start()
    for _ in range(5):
        await before.login("198.51.100.66", "bob", "wrong password")
    before.stop()
    clock.advance(20)

    after = start()

    assert await after.login("198.51.100.66") == (429, "40")
    assert await after.login("203.0.113.10") == (200, None)


async def test_an_account_guessed_before_a_restart_stays_limited_after_it(
    start: Callable[[], Web], clock: ManualClock
) -> None:
    before = start()
    for n in range(10):
        assert (await before.login(f"198.51.100.{n}", password="wrong password"))[0] == 401
    before.stop()
    clock.advance(300)

    after = start()

    assert await after.login("203.0.113.10") == (429, "600")
