"""Security headers on every response: success, error, public, static; HSTS and __Host- cookies only over HTTPS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from adapters.memory.clock import ManualClock
from adapters.memory.session_store import InMemorySessionStore
from adapters.memory.user_store import InMemoryUserStore
from entrypoints.web.security import SecuritySettings
from entrypoints.web.security.client import TrustedProxies
from entrypoints.web.security.passwords import hash_password
from entrypoints.web.security.public import requires
from ports.user_store import Role, User
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
    @requires(Role.VIEWER)
    async def framed() -> tuple[str, int, dict[str, str]]:
        return "ok", 200, {"X-Frame-Options": "SAMEORIGIN"}

    response = await site.client.get("/api/framed", headers={"Authorization": f"Bearer {await site.token()}"})

    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


async def test_html_pages_are_not_cached(site: Site) -> None:
    page = await site.client.get("/page", headers={"Authorization": f"Bearer {await site.token()}"})

    assert page.mimetype == "text/html"
    assert page.headers["Cache-Control"] == "no-store"


async def test_a_static_html_page_is_not_cached_either(site: Site) -> None:
    page = await site.client.get("/static/login.html")

    assert (page.status_code, page.headers["Cache-Control"]) == (200, "no-store")


async def test_static_scripts_may_be_cached(site: Site) -> None:
    script = await site.client.get("/static/app.js")

    assert script.status_code == 200
    assert script.headers.get("Cache-Control") != "no-store"


PROXY = "127.0.0.1"
BEHIND_NGINX = {"scope_base": {"client": (PROXY, 1)}, "headers": {"X-Forwarded-For": "198.51.100.4"}}
FORWARDED_HTTPS = {"X-Forwarded-For": "198.51.100.4", "X-Forwarded-Proto": "https"}


@pytest.fixture
def tls_site(tmp_path: Path) -> Site:
    users, clock = InMemoryUserStore(), ManualClock()
    users.add_user(User("alice", hash_password(PASSWORD, FAST), clock.now()))
    settings = SecuritySettings(password_params=FAST, trusted_proxies=TrustedProxies.parse([PROXY]))
    sessions = InMemorySessionStore()
    app = build_app(users, clock, settings, tmp_path, sessions=sessions)
    return Site(app, app.test_client(), users, clock, sessions)


def assert_served_over_tls(response: Any) -> None:
    cookies = response.headers.getlist("Set-Cookie")
    assert {c.split("=", 1)[0] for c in cookies} == {
        "__Host-alphaengine_session",
        "__Host-alphaengine_refresh",
        "__Host-alphaengine_csrf",
    }
    assert all("; Secure" in c and "; Path=/" in c and "Domain" not in c for c in cookies)
    max_age = response.headers["Strict-Transport-Security"].split(";")[0]
    assert max_age.startswith("max-age=") and int(max_age.removeprefix("max-age=")) >= 365 * 24 * 3600


def assert_served_plain(response: Any) -> None:
    cookies = response.headers.getlist("Set-Cookie")
    assert {c.split("=", 1)[0] for c in cookies} == {"alphaengine_session", "alphaengine_refresh", "alphaengine_csrf"}
    assert not any("Secure" in c for c in cookies)
    assert "Strict-Transport-Security" not in response.headers


async def test_over_our_own_tls_cookies_are_secure_host_prefixed_and_hsts_is_sent(tls_site: Site) -> None:
    response = await tls_site.login(scheme="https")
    private = await tls_site.client.get("/api/private", scheme="https")

    assert_served_over_tls(response)
    assert private.status_code == 200


async def test_over_https_from_the_trusted_proxy_cookies_are_secure_and_hsts_is_sent(tls_site: Site) -> None:
    response = await tls_site.login(scope_base={"client": (PROXY, 1)}, headers=FORWARDED_HTTPS)
    private = await tls_site.client.get("/api/private", scope_base={"client": (PROXY, 1)}, headers=FORWARDED_HTTPS)
    page = await tls_site.client.get("/page", scope_base={"client": (PROXY, 1)}, headers=FORWARDED_HTTPS)

    assert_served_over_tls(response)
    assert private.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")


async def test_plain_http_through_the_proxy_gets_plain_cookies_and_no_hsts(tls_site: Site) -> None:
    response = await tls_site.login(**BEHIND_NGINX)

    assert_served_plain(response)


async def test_a_forwarded_https_from_an_untrusted_peer_gets_no_secure_cookies_nor_hsts(tls_site: Site) -> None:
    response = await tls_site.login(scope_base={"client": ("198.51.100.4", 1)}, headers=FORWARDED_HTTPS)

    assert_served_plain(response)


async def test_the_loopback_demo_over_plain_http_gets_plain_cookies_and_no_hsts(site: Site) -> None:
    response = await site.login()

    assert_served_plain(response)
    assert (await site.client.get("/api/private")).status_code == 200


async def test_over_tls_only_the_host_prefixed_session_cookie_is_believed(tls_site: Site) -> None:
    token = await tls_site.token()
    tls_site.client.cookie_jar.clear()
    tls_site.client.set_cookie("localhost", "alphaengine_session", token)

    plain_over_tls = await tls_site.client.get("/api/private", scheme="https")
    plain_over_http = await tls_site.client.get("/api/private")

    assert plain_over_tls.status_code == 401
    assert plain_over_http.status_code == 200


async def test_logout_over_tls_clears_the_host_prefixed_cookies(tls_site: Site) -> None:
    login = await tls_site.login(scheme="https")
    csrf = (await login.get_json())["csrf_token"]

    logout = await tls_site.client.post("/api/auth/logout", scheme="https", headers={"X-CSRF-Token": csrf})

    cleared = logout.headers.getlist("Set-Cookie")
    assert logout.status_code == 200
    assert {c.split("=", 1)[0] for c in cleared} == {
        "__Host-alphaengine_session",
        "__Host-alphaengine_refresh",
        "__Host-alphaengine_csrf",
    }
    assert all("; Secure" in c for c in cleared)
