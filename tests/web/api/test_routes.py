"""Every route of the real app: the protected ones refuse a missing or forged credential, the public ones answer."""

from __future__ import annotations

import re

import pytest

from entrypoints.web.openapi.document import IMPLICIT_METHODS
from entrypoints.web.security.public import is_public
from tests.web.api.conftest import Api

pytestmark = pytest.mark.anyio

PUBLIC = {
    ("GET", "/health"),
    ("POST", "/api/auth/login"),
    ("POST", "/api/auth/refresh"),
    ("POST", "/api/auth/login/totp"),
}


def all_routes(api: Api) -> list[tuple[str, str, bool]]:
    """(method, a concrete path, public?) for every route; path arguments are filled with "risk"."""
    found = []
    for rule in api.app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<[^>]+>", "risk", rule.rule)
        public = is_public(api.app.view_functions[rule.endpoint])
        found.extend((method, path, public) for method in sorted((rule.methods or set()) - IMPLICIT_METHODS))
    return sorted(found)


async def test_only_health_login_and_refresh_are_public(api: Api) -> None:
    public = {(method, path) for method, path, is_open in all_routes(api) if is_open}

    assert public == PUBLIC


@pytest.mark.parametrize("credentials", [{}, {"Authorization": "Bearer forged.token.value"}, {"X-API-Key": "nope"}])
async def test_every_protected_route_refuses_a_request_without_valid_credentials(
    api: Api,
    credentials: dict[str, str],
) -> None:
    answers = {}
    for method, path, public in all_routes(api):
        if not public:
            response = await api.client.open(path, method=method, headers=credentials, json={})
            answers[(method, path)] = response.status_code

    assert answers and set(answers.values()) == {401}, answers


async def test_health_answers_anonymous_clients(api: Api) -> None:
    assert (await api.client.get("/health")).status_code == 200
