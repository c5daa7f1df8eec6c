"""POST /api/auth/login: a JWT in an HttpOnly SameSite=Strict cookie and in the body; one message for every failure."""

from __future__ import annotations

import threading
import time
from functools import partial
from pathlib import Path

import anyio
import jwt
import pytest
from argon2 import PasswordHasher
from pytest_mock import MockerFixture

from adapters.memory.clock import ManualClock
from adapters.memory.user_store import InMemoryUserStore
from entrypoints.web.security import SecuritySettings
from entrypoints.web.security.passwords import Argon2Params, hash_password, verify_password
from entrypoints.web.security.scrypt_hashes import ScryptParams, hash_scrypt
from ports.user_store import User
from tests.web.security.conftest import FAST, PASSWORD, SECRET, Site, build_app

pytestmark = pytest.mark.anyio


async def test_a_good_login_returns_a_bearer_token_for_the_user(site: Site) -> None:
    response = await site.login()

    body = await response.get_json()
    assert response.status_code == 200
    assert (body["user"], body["token_type"]) == ("alice", "Bearer")
    claims = jwt.decode(
        body["token"],
        SECRET,
        algorithms=["HS256"],
        audience="alphaengine-web",
        options={"verify_exp": False, "verify_iat": False},
    )
    assert (claims["sub"], claims["iss"], claims["typ"]) == ("alice", "alphaengine", "session")
    assert claims["csrf"] == body["csrf_token"]


async def test_the_access_token_lasts_fifteen_minutes_and_the_session_eight_hours_from_the_clock(site: Site) -> None:
    body = await (await site.login()).get_json()

    assert (body["expires_at"], body["session_expires_at"]) == ("2026-01-01T00:15:00Z", "2026-01-01T08:00:00Z")


async def test_the_session_cookie_is_http_only_and_strict_and_the_csrf_cookie_is_readable(site: Site) -> None:
    response = await site.login()

    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    session, csrf = cookies["alphaengine_session"], cookies["alphaengine_csrf"]
    refresh = cookies["alphaengine_refresh"]
    assert all(part in session for part in ("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=900"))
    assert all(part in refresh for part in ("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"))
    assert "HttpOnly" not in csrf and "SameSite=Strict" in csrf and "Max-Age=28800" in csrf
    assert "Secure" not in session  # plain HTTP on loopback: a Secure cookie would never come back


async def test_each_login_issues_a_new_token_and_csrf_token(site: Site) -> None:
    first, second = [await (await site.login()).get_json() for _ in range(2)]

    assert first["token"] != second["token"] and first["csrf_token"] != second["csrf_token"]


async def test_a_wrong_password_and_an_unknown_user_get_the_same_401(site: Site) -> None:
    wrong = await site.login(password="not the password")
    unknown = await site.login(name="mallory")

    assert wrong.status_code == unknown.status_code == 401
    assert await wrong.get_json() == await unknown.get_json() == {"error": "invalid username or password"}
    assert "Set-Cookie" not in wrong.headers


async def test_a_body_that_is_not_json_is_refused_with_415(site: Site) -> None:
    response = await site.client.post("/api/auth/login", form={"username": "alice", "password": PASSWORD})

    assert response.status_code == 415
    assert "JSON" in (await response.get_json())["error"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": PASSWORD}, "username"),
        ({"username": "alice"}, "password"),
        ({"username": "alice", "password": 5}, "password"),
        ({"username": "alice", "password": "x", "role": 1}, "role"),
    ],
    ids=["no-username", "no-password", "password-not-text", "unknown-field"],
)
async def test_a_malformed_login_body_is_a_400_naming_the_field(site: Site, body: dict, field: str) -> None:
    response = await site.client.post("/api/auth/login", json=body)

    answer = await response.get_json()
    assert response.status_code == 400
    assert answer["field"] == field and answer["error"].startswith(f"{field}: ")


async def test_a_json_body_that_is_not_an_object_is_a_400(site: Site) -> None:
    response = await site.client.post("/api/auth/login", json=["alice", PASSWORD])

    assert response.status_code == 400


async def test_a_hash_with_outdated_parameters_is_upgraded_at_the_next_good_login(site: Site) -> None:
    site.users.add_user(User("bob", hash_password(PASSWORD, Argon2Params(2, 16, 1)), site.clock.now()))

    assert (await site.login("bob")).status_code == 200

    assert site.users.get_user("bob").password_hash.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert (await site.login("bob")).status_code == 200


async def test_a_scrypt_hash_from_before_argon2id_is_rehashed_to_argon2id_at_the_next_good_login(site: Site) -> None:
    old = hash_scrypt(PASSWORD, ScryptParams(log_n=6, r=8, p=1))
    site.users.add_user(User("bob", old, site.clock.now()))

    wrong = await site.login("bob", password="not the password")
    assert wrong.status_code == 401 and site.users.get_user("bob").password_hash == old

    assert (await site.login("bob")).status_code == 200

    rehashed = site.users.get_user("bob").password_hash
    assert rehashed.startswith(f"$argon2id$v=19$m={FAST.memory_kib},t={FAST.time_cost},p={FAST.parallelism}$")
    assert verify_password(PASSWORD, rehashed)
    assert (await site.login("bob")).status_code == 200
    assert site.users.get_user("bob").password_hash == rehashed  # current: not rehashed again


async def test_an_unknown_user_still_costs_one_argon2id_verification(site: Site, mocker: MockerFixture) -> None:
    verify = mocker.spy(PasswordHasher, "verify")

    assert (await site.login(name="mallory")).status_code == 401

    [(_, stored, guess)] = [call.args for call in verify.call_args_list]
    assert stored.startswith(f"$argon2id$v=19$m={FAST.memory_kib},t={FAST.time_cost},p={FAST.parallelism}$")
    assert guess == PASSWORD


async def test_logins_are_logged_by_outcome_and_never_with_the_password(
    site: Site,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("INFO", logger="alphaengine.web.auth")

    await site.login(password="a wrong password")
    await site.login(name="evil\nforged line")
    await site.login()

    messages = [record.getMessage() for record in caplog.records]
    assert messages[0].startswith("login failed: user 'alice'")
    # A name with a line break never reaches the lookup or a log line: it is refused at the boundary
    assert messages[1].startswith("login refused: username: must not contain control characters")
    assert messages[2].startswith("login: user 'alice'")
    assert not any("wrong password" in m or PASSWORD in m for m in messages)


async def test_logins_at_once_hash_no_more_passwords_at_once_than_the_settings_allow(
    tmp_path: Path, mocker: MockerFixture
) -> None:
    users, clock = InMemoryUserStore(), ManualClock()
    users.add_user(User("alice", hash_password(PASSWORD, FAST), clock.now()))
    client = build_app(users, clock, SecuritySettings(password_params=FAST, password_workers=1), tmp_path).test_client()
    running, most = [0], [0]
    lock = threading.Lock()
    verify = PasswordHasher.verify

    def slow_verify(hasher: PasswordHasher, stored: str, password: str) -> bool:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)  # long enough for the other logins' threads to start, were they allowed to
        with lock:
            running[0] -= 1
        return verify(hasher, stored, password)

    mocker.patch.object(PasswordHasher, "verify", slow_verify)
    body = {"username": "alice", "password": PASSWORD}

    async with anyio.create_task_group() as group:
        for name in ("alice", "alice", "mallory", "mallory"):
            group.start_soon(partial(client.post, "/api/auth/login", json={**body, "username": name}))

    assert most[0] == 1
