"""Access tokens with rotating refresh tokens (ADR 0083): rotation, reuse ends the session, idle and absolute limits,
log out everywhere, a password change ending every session — all on the injected clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters.memory.clock import ManualClock
from adapters.memory.session_store import InMemorySessionStore
from adapters.memory.user_store import InMemoryUserStore
from entrypoints.web.security import SecuritySettings
from entrypoints.web.security.passwords import hash_password, verify_password
from ports.session_store import Ending
from ports.user_store import User
from tests.web.security.conftest import FAST, PASSWORD, Site, build_app

pytestmark = pytest.mark.anyio
NEW_PASSWORD = "a much longer new passphrase"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def login(site: Site) -> dict[str, Any]:
    response = await site.login()
    assert response.status_code == 200
    body: dict[str, Any] = await response.get_json()
    return body


async def refresh(site: Site, token: str | None = None) -> Any:
    return await site.client.post("/api/auth/refresh", json={} if token is None else {"refresh_token": token})


async def status_with(site: Site, access: str) -> int:
    site.client.cookie_jar.clear()
    return (await site.client.get("/api/private", headers=bearer(access))).status_code


async def error_of(response: Any) -> str:
    return (await response.get_json())["error"]  # type: ignore[no-any-return]


async def test_a_refresh_gives_a_new_pair_and_the_sent_refresh_token_stops(site: Site) -> None:
    first = await login(site)
    site.clock.advance(timedelta(minutes=10))

    renewed = await refresh(site, first["refresh_token"])
    body = await renewed.get_json()
    again = await refresh(site, first["refresh_token"])

    assert renewed.status_code == 200 and body["refresh_token"] != first["refresh_token"]
    assert body["expires_at"] == "2026-01-01T00:25:00Z" and body["session_expires_at"] == first["session_expires_at"]
    assert await status_with(site, body["token"]) == 200
    # Within the grace a second use is taken for another tab: refused without ending anything
    assert again.status_code == 409
    assert await status_with(site, body["token"]) == 200


async def test_a_rotated_refresh_token_presented_again_ends_the_whole_session(site: Site) -> None:
    stolen = (await login(site))["refresh_token"]
    renewed = await (await refresh(site, stolen)).get_json()
    site.clock.advance(timedelta(minutes=1))

    replayed = await refresh(site, stolen)

    assert replayed.status_code == 401 and "used refresh token came back" in await error_of(replayed)
    assert await status_with(site, renewed["token"]) == 401
    assert (await refresh(site, renewed["refresh_token"])).status_code == 401
    session_id = stolen.partition(".")[0]
    ended = site.sessions.get(session_id)
    assert ended is not None and ended.ended_why is Ending.REFRESH_REUSE


async def test_a_refresh_token_with_a_wrong_secret_is_refused_without_ending_the_session(site: Site) -> None:
    body = await login(site)
    session_id = body["refresh_token"].partition(".")[0]

    forged = await refresh(site, f"{session_id}.guessed")

    assert forged.status_code == 401 and await error_of(forged) == "the refresh token is invalid; log in again"
    assert await status_with(site, body["token"]) == 200


async def test_the_browser_refreshes_with_its_cookie_and_keeps_its_csrf_token(site: Site) -> None:
    first = await login(site)
    site.clock.advance(timedelta(minutes=16))
    expired = await site.client.post("/api/private", headers={"X-CSRF-Token": first["csrf_token"]})

    renewed = await refresh(site)
    after = await site.client.post("/api/private", headers={"X-CSRF-Token": first["csrf_token"]})

    assert expired.status_code == 401 and "refresh" in await error_of(expired)
    assert renewed.status_code == 200 and (await renewed.get_json())["csrf_token"] == first["csrf_token"]
    assert after.status_code == 200


async def test_a_refresh_must_be_json_so_no_cross_site_form_can_send_it(site: Site) -> None:
    await login(site)

    response = await site.client.post("/api/auth/refresh", form={"x": "1"})

    assert response.status_code == 415


async def test_without_a_refresh_token_the_refresh_is_401(site: Site) -> None:
    response = await refresh(site)

    assert response.status_code == 401 and "log in again" in await error_of(response)


async def test_a_session_idle_past_its_timeout_ends_and_the_refresh_clears_the_cookies(site: Site) -> None:
    body = await login(site)
    site.clock.advance(timedelta(minutes=29))
    kept = await refresh(site)
    site.clock.advance(timedelta(minutes=30))

    idle = await refresh(site)

    assert kept.status_code == 200
    assert idle.status_code == 401 and "expired after 0:30:00 without a refresh" in await error_of(idle)
    assert any(c.startswith("alphaengine_refresh=;") for c in idle.headers.getlist("Set-Cookie"))
    assert (await refresh(site, body["refresh_token"])).status_code == 401


async def test_an_active_session_still_ends_at_its_absolute_lifetime(site: Site) -> None:
    await login(site)
    refreshed = []
    for _ in range(23):
        site.clock.advance(timedelta(minutes=20))
        refreshed.append((await refresh(site)).status_code)
    site.clock.advance(timedelta(minutes=20))

    last = await refresh(site)

    assert refreshed == [200] * 23
    assert last.status_code == 401 and "limit" in await error_of(last)


async def test_log_out_everywhere_ends_every_session_of_the_user(site: Site) -> None:
    elsewhere, here = await login(site), await login(site)
    site.client.cookie_jar.clear()

    response = await site.client.post("/api/auth/logout-all", headers=bearer(here["token"]))

    assert (response.status_code, await response.get_json()) == (200, {"status": "logged out everywhere", "ended": 2})
    assert await status_with(site, elsewhere["token"]) == 401
    assert await status_with(site, here["token"]) == 401
    assert (await refresh(site, elsewhere["refresh_token"])).status_code == 401


async def test_a_password_change_ends_every_session_and_renews_this_one(site: Site) -> None:
    elsewhere, here = await login(site), await login(site)
    site.client.cookie_jar.clear()
    change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}

    response = await site.client.post("/api/auth/password", json=change, headers=bearer(here["token"]))
    renewed = await response.get_json()

    assert response.status_code == 200
    assert [await status_with(site, t) for t in (elsewhere["token"], here["token"], renewed["token"])] == [
        401,
        401,
        200,
    ]
    assert (await refresh(site, here["refresh_token"])).status_code == 401
    user = site.users.get_user("alice")
    assert user is not None and verify_password(NEW_PASSWORD, user.password_hash)


async def test_a_password_change_needs_the_current_password_and_an_acceptable_new_one(site: Site) -> None:
    token = (await login(site))["token"]
    site.client.cookie_jar.clear()

    async def change(current: str, new: str) -> Any:
        body = {"current_password": current, "new_password": new}
        return await site.client.post("/api/auth/password", json=body, headers=bearer(token))

    wrong, short = await change("not it at all", NEW_PASSWORD), await change(PASSWORD, "short")

    assert (wrong.status_code, (await wrong.get_json())["field"]) == (401, "current_password")
    assert (short.status_code, (await short.get_json())["field"]) == (400, "new_password")
    assert await status_with(site, token) == 200


async def test_a_user_keeps_at_most_max_sessions_and_the_oldest_ends(tmp_path: Path) -> None:
    users, clock, sessions = InMemoryUserStore(), ManualClock(), InMemorySessionStore()
    users.add_user(User("alice", hash_password(PASSWORD, FAST), clock.now()))
    settings = SecuritySettings(password_params=FAST, max_sessions=2)
    app = build_app(users, clock, settings, tmp_path, sessions=sessions)
    site = Site(app, app.test_client(), users, clock, sessions)
    tokens = []
    for _ in range(3):
        tokens.append((await login(site))["token"])
        clock.advance(1)

    assert [await status_with(site, t) for t in tokens] == [401, 200, 200]


async def test_a_session_started_before_its_user_was_made_again_is_refused(site: Site) -> None:
    token = (await login(site))["token"]
    user = site.users.get_user("alice")
    assert user is not None
    site.clock.advance(1)
    # What a delete and a new user of the same name leave behind
    site.users._users["alice"] = replace(user, created_at=site.clock.now())

    assert await status_with(site, token) == 401


def test_the_access_token_cannot_outlive_the_idle_timeout_nor_the_idle_timeout_the_lifetime() -> None:
    with pytest.raises(ValueError, match="access_ttl <= idle_timeout <= session_ttl"):
        SecuritySettings(access_ttl=timedelta(hours=1), idle_timeout=timedelta(minutes=30))
    with pytest.raises(ValueError, match="max_sessions"):
        SecuritySettings(max_sessions=0)
