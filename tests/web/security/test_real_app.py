"""The real create_app with security installed: every API route refuses anonymous requests; a login opens them."""

from __future__ import annotations

from pathlib import Path

import pytest
from dependency_injector import providers
from quart import Quart

from adapters.memory.user_store import InMemoryUserStore
from config.secrets import load_secrets
from entrypoints.containers.adapters import InMemoryAdapters
from entrypoints.containers.web import WebContainer, build_web_container
from entrypoints.web.app import create_app
from entrypoints.web.security import SecuritySettings, security_installer
from entrypoints.web.security.passwords import hash_password
from entrypoints.web.security.public import is_public
from ports.user_store import User
from tests.web.security.conftest import FAST, PASSWORD

pytestmark = pytest.mark.anyio

OPEN_PATHS = {"/health", "/api/auth/login", "/api/auth/refresh", "/api/auth/login/totp"}


class AdaptersWithUsers(InMemoryAdapters):
    user_store = providers.Singleton(InMemoryUserStore)


@pytest.fixture
def container(tmp_path: Path) -> WebContainer:
    secrets_file = tmp_path / "secrets.yaml"
    secrets_file.write_text("mode: sim\n", encoding="utf-8")
    container = build_web_container(load_secrets(secrets_file, env={}), AdaptersWithUsers())
    users = container.adapters.user_store()
    users.add_user(User("alice", hash_password(PASSWORD, FAST), container.adapters.clock().now()))
    return container


@pytest.fixture
def app(container: WebContainer) -> Quart:
    return create_app(container, security=security_installer(container, SecuritySettings(password_params=FAST)))


def is_static(endpoint: str) -> bool:
    return endpoint == "static" or endpoint.endswith(".static")


async def test_only_health_and_login_are_marked_public(app: Quart) -> None:
    marked = {rule.rule for rule in app.url_map.iter_rules() if is_public(app.view_functions[rule.endpoint])}

    assert marked == OPEN_PATHS


async def test_every_route_but_health_login_and_static_refuses_an_anonymous_request(app: Quart) -> None:
    client = app.test_client()
    refused = []
    for rule in app.url_map.iter_rules():
        if rule.rule in OPEN_PATHS or is_static(rule.endpoint):
            continue
        path = rule.rule.replace("<", "").replace(">", "").replace("int:", "1")
        for method in sorted(rule.methods - {"OPTIONS"}):
            response = await client.open(path, method=method)
            assert response.status_code == 401, (method, rule.rule, response.status_code)
            refused.append(rule.rule)

    assert "/api/dashboard" in refused and "/api/commands" in refused


async def test_health_answers_without_credentials(app: Quart) -> None:
    response = await app.test_client().get("/health")

    assert response.status_code in (200, 503)
    assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_a_logged_in_browser_reads_the_dashboard_and_needs_the_csrf_token_to_post(app: Quart) -> None:
    client = app.test_client()
    login = await client.post("/api/auth/login", json={"username": "alice", "password": PASSWORD})
    csrf = (await login.get_json())["csrf_token"]

    dashboard = await client.get("/api/dashboard")
    forged = await client.post("/api/commands", json={"type": "PauseEngine"})
    sent = await client.post("/api/commands", json={"type": "PauseEngine"}, headers={"X-CSRF-Token": csrf})

    assert dashboard.status_code == 200
    assert forged.status_code == 403
    assert sent.status_code == 201, await sent.get_data(as_text=True)
    assert (await sent.get_json())["actor"]["id"] == "web:alice"
