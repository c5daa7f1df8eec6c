"""The API under test: create_app on the in-memory adapter set, behind the real security, with a logged-in client.

`api.headers` is the one place that says how the client authenticates (a bearer token from /api/auth/login).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from quart import Quart
from quart.testing import QuartClient

from adapters.memory.clock import ManualClock
from application.projector import Projector
from config.secrets import Secret, load_secrets
from domain.events import Event
from entrypoints.containers.adapters import in_memory_adapters
from entrypoints.containers.web import WebContainer, build_web_container
from entrypoints.web.api.stream import Stopping
from entrypoints.web.app import create_app
from entrypoints.web.security import SecuritySettings, install_security
from entrypoints.web.security.passwords import Argon2Params, hash_password
from ports.user_store import User

USER = "alice"
PASSWORD = "correct horse battery staple"
SECRET = "daf33ef531854b996f3eaa55c5b94f12bcdb55acd92c91bc"  # random: the production fixture passes ADR 0084
# Cheap hashing: the production cost belongs to the security tests
FAST = Argon2Params(time_cost=1, memory_kib=8, parallelism=1)


@dataclass
class Api:
    app: Quart
    container: WebContainer
    client: QuartClient
    headers: dict[str, str] = field(default_factory=dict)

    async def get(self, path: str, **kwargs: Any) -> Any:
        return await self.client.get(path, headers=self._headers(kwargs), **kwargs)

    async def post(self, path: str, **kwargs: Any) -> Any:
        return await self.client.post(path, headers=self._headers(kwargs), **kwargs)

    async def put(self, path: str, **kwargs: Any) -> Any:
        return await self.client.put(path, headers=self._headers(kwargs), **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> Any:
        return await self.client.delete(path, headers=self._headers(kwargs), **kwargs)

    def stream(self, path: str, **headers: str) -> Any:
        """An open streaming request (`async with`): send_complete(), then receive() one chunk at a time."""
        return self.client.request(path, headers={**self.headers, **headers})

    @property
    def clock(self) -> ManualClock:
        return self.container.adapters.clock()

    def store(self, *events: Event) -> None:
        """Append events and fold them into the projections, as the bot would."""
        self.container.adapters.event_store().append(list(events))
        Projector(self.container.adapters.event_store(), self.container.adapters.projection_store()).catch_up()

    def _headers(self, kwargs: dict[str, Any]) -> dict[str, str]:
        return {**self.headers, **kwargs.pop("headers", {})}


def web_container(tmp_path: Path) -> WebContainer:
    secrets_file = tmp_path / "secrets.yaml"
    secrets_file.write_text("mode: sim\n", encoding="utf-8")
    return build_web_container(load_secrets(secrets_file, env={}), in_memory_adapters())


def secured_app(container: WebContainer, stopping: Stopping | None = None) -> Quart:
    users = container.adapters.user_store()
    clock = container.adapters.clock()
    users.add_user(User(USER, hash_password(PASSWORD, FAST), clock.now()))
    settings = SecuritySettings(password_params=FAST)
    return create_app(
        container,
        security=lambda app: install_security(
            app,
            users,
            Secret(SECRET),
            clock,
            settings,
            audit=container.adapters.audit_log(),
            sessions=container.adapters.session_store(),
        ),
        stopping=stopping,
    )


async def logged_in(app: Quart, container: WebContainer) -> Api:
    client = app.test_client()
    response = await client.post("/api/auth/login", json={"username": USER, "password": PASSWORD})
    assert response.status_code == 200, await response.get_data(as_text=True)
    token = (await response.get_json())["token"]
    return Api(app, container, app.test_client(), {"Authorization": f"Bearer {token}"})


@pytest.fixture
def container(tmp_path: Path) -> WebContainer:
    return web_container(tmp_path)


@pytest.fixture
async def api(container: WebContainer) -> Api:
    return await logged_in(secured_app(container), container)
