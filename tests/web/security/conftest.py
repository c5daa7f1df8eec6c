"""A small Quart app guarded by install_security, over the in-memory user store and a manual clock."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from quart import Quart
from quart.testing import QuartClient

from adapters.memory.clock import ManualClock
from adapters.memory.session_store import InMemorySessionStore
from adapters.memory.user_store import InMemoryUserStore
from config.secrets import Secret
from entrypoints.web.security import SecuritySettings, current_principal, install_security, public
from entrypoints.web.security.passwords import Argon2Params, hash_password
from entrypoints.web.security.public import requires
from ports.login_attempts import LoginAttempts
from ports.user_store import Role, User

SECRET = "test-web-secret-0123456789abcdef0123456789abcdef"
# Cheap on purpose: the production cost is asserted in test_passwords, not paid in every login test
FAST = Argon2Params(time_cost=1, memory_kib=8, parallelism=1)
PASSWORD = "correct horse battery staple"


@dataclass
class Site:
    app: Quart
    client: QuartClient
    users: InMemoryUserStore
    clock: ManualClock
    sessions: InMemorySessionStore

    async def login(self, name: str = "alice", password: str = PASSWORD, **kwargs: Any) -> Any:
        return await self.client.post("/api/auth/login", json={"username": name, "password": password}, **kwargs)

    async def token(self, name: str = "alice") -> str:
        response = await self.login(name)
        assert response.status_code == 200, await response.get_data(as_text=True)
        return (await response.get_json())["token"]


def build_app(
    users: InMemoryUserStore,
    clock: ManualClock,
    settings: SecuritySettings,
    static: Path,
    attempts: LoginAttempts | None = None,
    sessions: InMemorySessionStore | None = None,
) -> Quart:
    app = Quart(__name__, static_folder=str(static))

    @app.get("/api/private")
    @requires(Role.VIEWER)
    async def read_private() -> dict[str, Any]:
        principal = current_principal()
        return {"user": principal.name, "via": principal.via.value}

    @app.post("/api/private")
    @requires(Role.VIEWER)
    async def change_private() -> dict[str, Any]:
        return {"changed_by": current_principal().name}

    @app.get("/health")
    @public
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/page")
    @requires(Role.VIEWER)
    async def page() -> tuple[str, int, dict[str, str]]:
        return "<!doctype html><title>page</title>", 200, {"Content-Type": "text/html; charset=utf-8"}

    install_security(app, users, Secret(SECRET), clock, settings, attempts, sessions=sessions)
    return app


@pytest.fixture
def settings() -> SecuritySettings:
    return SecuritySettings(password_params=FAST)


@pytest.fixture
def site(tmp_path: Path, settings: SecuritySettings) -> Site:
    static = tmp_path / "static"
    static.mkdir()
    (static / "app.js").write_text("console.log('hi');\n", encoding="utf-8")
    (static / "login.html").write_text("<!doctype html><title>login</title>\n", encoding="utf-8")
    users = InMemoryUserStore()
    clock = ManualClock()
    users.add_user(User("alice", hash_password(PASSWORD, FAST), clock.now()))
    sessions = InMemorySessionStore()
    app = build_app(users, clock, settings, static, sessions=sessions)
    return Site(app, app.test_client(), users, clock, sessions)
