"""Security headers on every response: success, error, public, static; HSTS and __Host- cookies only over HTTPS."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.memory.clock import ManualClock
from adapters.memory.user_store import InMemoryUserStore
from entrypoints.web.security import SecuritySettings
from entrypoints.web.security.passwords import hash_password
from ports.user_store import User
from tests.web.security.conftest import FAST, PASSWORD, Site, build_app

pytestmark = pytest.mark.anyio

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/health", 200),
        ("GET", "/api/private", 401),
        ("GET", "/static/app.js", 200),
        ("GET", "/nowhere", 404),
        ("POST", "/api/auth/login", 415),
    ],
    ids=["public", "refused", "static", "not-found", "login-error"],
)
async def test_every_response_carries_the_security_headers(site: Site, method: str, path: str, status: int) -> None:
    response = await site.client.open(path, method=method)

    assert response.status_code == status
    assert {name: response.headers.get(name) for name in EXPECTED} == EXPECTED
    csp = response.headers["Content-Security-Policy"]
    directives = ("frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "script-src 'self'")
    assert all(directive in csp for directive in directives)
    assert "Strict-Transport-Security" not in response.headers


async def test_api_responses_are_not_cached(site: Site) -> None:
    response = await site.login()

    assert response.headers["Cache-Control"] == "no-store"


async def test_a_route_may_set_its_own_policy(site: Site) -> None:
    @site.app.get("/api/framed")
    async def framed() -> tuple[str, int, dict[str, str]]:
        return "ok", 200, {"X-Frame-Options": "SAMEORIGIN"}

    response = await site.client.get("/api/framed", headers={"Authorization": f"Bearer {await site.token()}"})

    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


async def test_over_https_cookies_are_secure_host_prefixed_and_hsts_is_sent(tmp_path: Path) -> None:
    users, clock = InMemoryUserStore(), ManualClock()
    users.add_user(User("alice", hash_password(PASSWORD, FAST), clock.now()))
    app = build_app(users, clock, SecuritySettings(secure_cookies=True, password_params=FAST), tmp_path)
    client = app.test_client()

    response = await client.post("/api/auth/login", json={"username": "alice", "password": PASSWORD}, scheme="https")
    private = await client.get("/api/private", scheme="https")

    cookies = response.headers.getlist("Set-Cookie")
    assert {c.split("=", 1)[0] for c in cookies} == {"__Host-alphaengine_session", "__Host-alphaengine_csrf"}
    assert all("Secure" in c for c in cookies)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert private.status_code == 200
