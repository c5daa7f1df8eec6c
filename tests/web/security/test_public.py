"""Every route needs authentication unless marked `public`; static files are always served."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest
from quart import Blueprint

from entrypoints.web.security.public import is_public, public
from tests.web.security.conftest import Site

pytestmark = pytest.mark.anyio


async def test_a_public_route_and_a_static_file_need_no_credentials(site: Site) -> None:
    health = await site.client.get("/health")
    script = await site.client.get("/static/app.js")

    assert (health.status_code, await health.get_json()) == (200, {"status": "ok"})
    assert script.status_code == 200 and "console.log" in await script.get_data(as_text=True)


async def test_login_is_public(site: Site) -> None:
    assert (await site.login()).status_code == 200


async def test_every_route_not_marked_public_refuses_an_anonymous_request(site: Site) -> None:
    open_routes = {"health", "static", "auth.login", "auth.sessions.refresh", "auth_totp.login_totp"}
    checked = []
    for rule in site.app.url_map.iter_rules():
        if rule.endpoint in open_routes:
            continue
        for method in sorted(rule.methods - {"OPTIONS"}):
            response = await site.client.open(rule.rule, method=method)
            assert response.status_code == 401, (method, rule.rule)
            checked.append((method, rule.rule))

    assert ("POST", "/api/auth/logout") in checked and ("GET", "/api/private") in checked


async def test_a_public_route_on_a_blueprint_is_reachable(site: Site) -> None:
    blueprint = Blueprint("extra", __name__)

    @blueprint.get("/api/version")
    @public
    async def version() -> dict[str, str]:
        return {"version": "1"}

    site.app.register_blueprint(blueprint)

    assert (await site.client.get("/api/version")).status_code == 200


async def test_an_unknown_path_is_a_plain_404(site: Site) -> None:
    assert (await site.client.get("/api/nothing-here")).status_code == 404


def test_the_mark_is_found_through_wrappers() -> None:
    def wrap(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            return await view(*args, **kwargs)

        return wrapper

    async def open_view() -> None:
        return None

    async def closed_view() -> None:
        return None

    assert is_public(wrap(public(open_view))) is True
    assert is_public(wrap(closed_view)) is False
    assert is_public(None) is False
