"""/api/keys: an admin lists and revokes every key, others only their own; anyone makes keys for itself, once shown."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from domain.times import format_utc
from entrypoints.web.security.api_keys import key_digest, new_api_key
from entrypoints.web.security.passwords import hash_password
from ports.user_store import Role, User
from tests.web.security.conftest import FAST, PASSWORD, Site

pytestmark = pytest.mark.anyio


@pytest.fixture
def team(site: Site) -> Site:
    # alice (the conftest's) is an admin
    site.users.add_user(User("bob", hash_password(PASSWORD, FAST), site.clock.now(), Role.TRADER))
    return site


def give_key(site: Site, owner: str, role: Role = Role.VIEWER) -> tuple[str, str]:
    text, record = new_api_key(owner, f"{owner}-ci", site.clock.now(), role)
    site.users.add_api_key(record)
    return text, record.key_id


async def as_user(site: Site, name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {await site.token(name)}"}


async def listed(site: Site, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = await site.client.get("/api/keys", headers=headers)
    assert response.status_code == 200, await response.get_data(as_text=True)
    return (await response.get_json())["keys"]


async def test_an_admin_lists_every_key_and_a_trader_only_its_own(team: Site) -> None:
    _, alice_key = give_key(team, "alice")
    _, bob_key = give_key(team, "bob")

    as_admin = await listed(team, await as_user(team, "alice"))
    as_trader = await listed(team, await as_user(team, "bob"))

    assert sorted(k["key_id"] for k in as_admin) == sorted([alice_key, bob_key])
    assert [k["key_id"] for k in as_trader] == [bob_key]


async def test_a_listed_key_shows_its_scope_status_and_last_use_but_never_its_secret(team: Site) -> None:
    text, key_id = give_key(team, "bob", Role.VIEWER)
    await team.client.get("/api/private", headers={"X-API-Key": text}, scope_base={"client": ("203.0.113.9", 1)})

    [key] = await listed(team, await as_user(team, "alice"))

    assert {k: key[k] for k in ("key_id", "user", "label", "role", "status", "last_used_from", "revoked_at")} == {
        "key_id": key_id,
        "user": "bob",
        "label": "bob-ci",
        "role": "viewer",
        "status": "active",
        "last_used_from": "203.0.113.9",
        "revoked_at": None,
    }
    assert key["last_used_at"] is not None and "key_hash" not in key and text not in str(key)


async def test_a_user_makes_a_key_for_itself_shown_once_with_its_own_role_by_default(team: Site) -> None:
    response = await team.client.post("/api/keys", headers=await as_user(team, "bob"), json={"label": "cron"})

    body = await response.get_json()
    assert response.status_code == 201
    assert (body["user"], body["label"], body["role"], body["expires_at"]) == ("bob", "cron", "trader", None)
    assert team.users.api_key_by_hash(key_digest(body["key"])).key_id == body["key_id"]
    works = await team.client.get("/api/private", headers={"X-API-Key": body["key"]})
    assert (await works.get_json())["user"] == "bob"
    assert all("key" not in k for k in await listed(team, await as_user(team, "bob")))


async def test_a_key_with_an_expiry_in_days_expires_then(team: Site) -> None:
    response = await team.client.post(
        "/api/keys", headers=await as_user(team, "bob"), json={"role": "viewer", "expires_in_days": 30}
    )

    body = await response.get_json()
    expires_at = team.clock.now() + timedelta(days=30)
    assert (response.status_code, body["role"], body["expires_at"]) == (201, "viewer", format_utc(expires_at))
    team.clock.advance(timedelta(days=30))
    after = await team.client.get("/api/private", headers={"X-API-Key": body["key"]})
    assert after.status_code == 401 and "expired" in (await after.get_json())["error"]


@pytest.mark.parametrize(
    ("body", "field", "problem"),
    [
        ({"role": "admin"}, "role", "admin is above the role of 'bob' (trader); give trader or lower"),
        ({"expires_in_days": 0}, "expires_in_days", "greater than or equal to 1 and less than or equal to 3650"),
        ({"label": "x" * 65}, "label", "64"),
        ({"role": "root"}, "role", "must be one of"),
        ({"owner": "alice"}, "owner", "unknown field"),
    ],
    ids=["scope-above-role", "no-days", "long-label", "not-a-role", "someone-else"],
)
async def test_a_key_outside_ones_role_or_bounds_is_refused_naming_the_field(
    team: Site, body: dict[str, Any], field: str, problem: str
) -> None:
    response = await team.client.post("/api/keys", headers=await as_user(team, "bob"), json=body)

    reply = await response.get_json()
    assert (response.status_code, reply["field"]) == (400, field)
    assert reply["error"].startswith(f"{field}: ") and problem in reply["error"]
    assert team.users.api_keys() == []


async def test_an_api_key_cannot_make_keys(team: Site) -> None:
    text, _ = give_key(team, "alice", Role.ADMIN)

    response = await team.client.post("/api/keys", headers={"X-API-Key": text}, json={})

    assert response.status_code == 403 and "an API key cannot make keys" in (await response.get_json())["error"]
    assert len(team.users.api_keys()) == 1


async def test_an_admin_revokes_any_key_and_its_next_request_is_refused(team: Site) -> None:
    text, key_id = give_key(team, "bob")
    assert (await team.client.get("/api/private", headers={"X-API-Key": text})).status_code == 200

    response = await team.client.delete(f"/api/keys/{key_id}", headers=await as_user(team, "alice"))

    assert response.status_code == 200
    assert (await response.get_json())["status"] == "revoked"
    after = await team.client.get("/api/private", headers={"X-API-Key": text})
    assert after.status_code == 401 and "was revoked" in (await after.get_json())["error"]


async def test_a_trader_revokes_its_own_key_but_not_anothers(team: Site) -> None:
    _, own = give_key(team, "bob")
    _, others = give_key(team, "alice")
    headers = await as_user(team, "bob")

    mine = await team.client.delete(f"/api/keys/{own}", headers=headers)
    theirs = await team.client.delete(f"/api/keys/{others}", headers=headers)

    assert mine.status_code == 200
    assert theirs.status_code == 404 and (await theirs.get_json())["error"].startswith("key_id: no API key")
    assert {k.key_id: k.status(team.clock.now()) for k in team.users.api_keys()} == {
        own: "revoked",
        others: "active",
    }


async def test_revoking_twice_keeps_the_first_time(team: Site) -> None:
    _, key_id = give_key(team, "bob")
    headers = await as_user(team, "alice")
    first = await (await team.client.delete(f"/api/keys/{key_id}", headers=headers)).get_json()
    team.clock.advance(60)

    again = await team.client.delete(f"/api/keys/{key_id}", headers=headers)

    assert again.status_code == 200 and (await again.get_json())["revoked_at"] == first["revoked_at"]


async def test_a_cookie_session_needs_the_csrf_token_to_revoke(team: Site) -> None:
    _, key_id = give_key(team, "bob")
    await team.login("alice")

    response = await team.client.delete(f"/api/keys/{key_id}")

    assert response.status_code == 403
    assert team.users.api_keys()[0].revoked_at is None
