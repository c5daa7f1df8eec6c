"""Automation API keys in the X-API-Key header: stored hashed, no CSRF token needed, removable."""

from __future__ import annotations

import pytest

from adapters.memory.clock import ManualClock
from entrypoints.web.security.api_keys import key_digest, new_api_key
from tests.web.security.conftest import Site

pytestmark = pytest.mark.anyio


def add_key(site: Site) -> str:
    text, record = new_api_key("alice", "ci", site.clock.now())
    site.users.add_api_key(record)
    return text


async def test_a_valid_api_key_authenticates_as_its_user(site: Site) -> None:
    key = add_key(site)

    response = await site.client.get("/api/private", headers={"X-API-Key": key})

    assert await response.get_json() == {"user": "alice", "via": "api_key"}


async def test_an_api_key_may_change_state_without_a_csrf_token(site: Site) -> None:
    response = await site.client.post("/api/private", headers={"X-API-Key": add_key(site)})

    assert (response.status_code, await response.get_json()) == (200, {"changed_by": "alice"})


async def test_an_unknown_api_key_is_401(site: Site) -> None:
    add_key(site)

    response = await site.client.get("/api/private", headers={"X-API-Key": "ae_0000_guess"})

    assert (response.status_code, await response.get_json()) == (401, {"error": "the API key is not valid"})


async def test_a_removed_api_key_stops_working(site: Site) -> None:
    key = add_key(site)
    site.users.remove_api_key(site.users.api_keys()[0].key_id)

    assert (await site.client.get("/api/private", headers={"X-API-Key": key})).status_code == 401


async def test_an_api_key_cannot_log_out(site: Site) -> None:
    response = await site.client.post("/api/auth/logout", headers={"X-API-Key": add_key(site)})

    assert response.status_code == 400 and "remove the key" in (await response.get_json())["error"]


def test_only_the_sha256_of_a_new_key_is_kept() -> None:
    text, record = new_api_key("alice", "ci", ManualClock().now())

    assert text.startswith(f"ae_{record.key_id}_") and len(text) > 40
    assert record.key_hash == key_digest(text) and text not in repr(record)


def test_two_new_keys_differ() -> None:
    now = ManualClock().now()

    assert new_api_key("alice", "a", now)[0] != new_api_key("alice", "a", now)[0]
