"""Session tokens: Bearer or cookie, expiry on the injected clock, logout revokes, forged tokens refused."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from adapters.memory.clock import ManualClock
from entrypoints.web.security.settings import SecuritySettings
from entrypoints.web.security.tokens import InvalidToken, TokenIssuer
from ports.session_store import WebSession
from tests.web.security.conftest import SECRET, Site

pytestmark = pytest.mark.anyio
SID = "session-id-00000000001"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def error_of(response: object) -> str:
    return (await response.get_json())["error"]  # type: ignore[attr-defined]


async def test_a_bearer_token_opens_a_protected_route(site: Site) -> None:
    token = await site.token()
    site.client.cookie_jar.clear()

    response = await site.client.get("/api/private", headers=bearer(token))

    assert response.status_code == 200
    assert await response.get_json() == {"user": "alice", "via": "bearer"}


async def test_the_session_cookie_opens_a_protected_route(site: Site) -> None:
    await site.login()

    response = await site.client.get("/api/private")

    assert await response.get_json() == {"user": "alice", "via": "cookie"}


async def test_a_request_without_credentials_gets_401_with_a_bearer_challenge(site: Site) -> None:
    response = await site.client.get("/api/private")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "authentication required" in await error_of(response)


async def test_an_access_token_is_refused_once_it_has_expired(site: Site) -> None:
    token = await site.token()
    site.clock.advance(timedelta(minutes=15) - timedelta(seconds=1))
    assert (await site.client.get("/api/private", headers=bearer(token))).status_code == 200

    site.clock.advance(1)
    response = await site.client.get("/api/private", headers=bearer(token))

    assert response.status_code == 401
    assert "expired" in await error_of(response)


async def test_logout_revokes_the_token_and_clears_the_cookies(site: Site) -> None:
    token = await site.token()
    site.client.cookie_jar.clear()

    logout = await site.client.post("/api/auth/logout", headers=bearer(token))
    after = await site.client.get("/api/private", headers=bearer(token))

    assert (logout.status_code, await logout.get_json()) == (200, {"status": "logged out"})
    assert any(c.startswith("alphaengine_session=;") for c in logout.headers.getlist("Set-Cookie"))
    assert after.status_code == 401 and "logged out" in await error_of(after)


async def test_logout_revokes_only_that_session(site: Site) -> None:
    first, second = await site.token(), await site.token()

    await site.client.post("/api/auth/logout", headers=bearer(first))

    assert (await site.client.get("/api/private", headers=bearer(second))).status_code == 200


async def test_a_login_prunes_sessions_past_their_idle_time(site: Site) -> None:
    old = await site.token()
    await site.client.post("/api/auth/logout", headers=bearer(old))
    old_id = jwt.decode(old, options={"verify_signature": False})["sid"]
    site.clock.advance(timedelta(minutes=29))
    await site.token()
    kept = site.sessions.get(old_id)
    site.clock.advance(timedelta(minutes=2))

    await site.token()

    assert kept is not None and site.sessions.get(old_id) is None


async def test_logout_without_a_session_is_401(site: Site) -> None:
    assert (await site.client.post("/api/auth/logout")).status_code == 401


@pytest.mark.parametrize(
    "authorization",
    ["Basic YWxpY2U6cGFzcw==", "Bearer", "Bearer not.a.jwt", "Token abc"],
    ids=["basic", "empty-bearer", "garbage-token", "other-scheme"],
)
async def test_a_malformed_authorization_header_is_401(site: Site, authorization: str) -> None:
    response = await site.client.get("/api/private", headers={"Authorization": authorization})

    assert response.status_code == 401


async def test_a_bad_authorization_header_is_not_rescued_by_a_good_cookie(site: Site) -> None:
    await site.login()

    response = await site.client.get("/api/private", headers={"Authorization": "Bearer forged"})

    assert response.status_code == 401


async def test_a_token_signed_with_another_secret_is_refused(site: Site) -> None:
    forged = TokenIssuer("another-secret-0123456789abcdef0123456789", site.clock, timedelta(hours=1)).issue(
        "alice", SID
    )[0]

    response = await site.client.get("/api/private", headers=bearer(forged))

    assert (response.status_code, await error_of(response)) == (401, "the session token is invalid")


async def test_an_unsigned_token_is_refused(site: Site) -> None:
    now = int(site.clock.now().timestamp())
    claims = {
        "iss": "alphaengine",
        "aud": "alphaengine-web",
        "typ": "session",
        "sub": "alice",
        "jti": "x",
        "csrf": "y",
        "iat": now,
        "exp": now + 3600,
    }

    response = await site.client.get("/api/private", headers=bearer(jwt.encode(claims, None, algorithm="none")))

    assert response.status_code == 401


async def test_a_well_signed_token_of_a_session_that_never_began_is_refused(site: Site) -> None:
    issuer = TokenIssuer(SECRET, site.clock, timedelta(hours=1))

    response = await site.client.get("/api/private", headers=bearer(issuer.issue("alice", SID)[0]))

    assert (response.status_code, await error_of(response)) == (401, "the session has ended; log in again")


async def test_a_token_of_a_user_who_no_longer_exists_is_refused(site: Site) -> None:
    now = site.clock.now()
    site.sessions.start(WebSession(SID, "ghost", now, now, "127.0.0.1", "", "0" * 64), keep=5)
    issuer = TokenIssuer(SECRET, site.clock, timedelta(hours=1))

    response = await site.client.get("/api/private", headers=bearer(issuer.issue("ghost", SID)[0]))

    assert response.status_code == 401 and "no longer exists" in await error_of(response)


def test_a_token_with_another_audience_or_type_does_not_verify() -> None:
    clock = ManualClock()
    issuer = TokenIssuer(SECRET, clock, timedelta(hours=1))
    now = int(clock.now().timestamp())
    base = {
        "iss": "alphaengine",
        "aud": "alphaengine-web",
        "typ": "session",
        "sub": "alice",
        "sid": SID,
        "jti": "j",
        "csrf": "c",
        "iat": now,
        "exp": now + 60,
    }

    for changed in ({"aud": "other"}, {"typ": "refresh"}, {"iss": "someone"}, {"exp": "soon"}):
        with pytest.raises(InvalidToken):
            issuer.verify(jwt.encode({**base, **changed}, SECRET, algorithm="HS256"))
    assert issuer.verify(jwt.encode(base, SECRET, algorithm="HS256")).user == "alice"


def test_a_token_issuer_needs_a_secret_and_a_lifetime() -> None:
    with pytest.raises(ValueError, match="secret is empty"):
        TokenIssuer("", ManualClock(), timedelta(hours=1))
    with pytest.raises(ValueError, match="at least one second"):
        TokenIssuer(SECRET, ManualClock(), timedelta(0))


def test_on_a_faster_clock_the_session_and_login_window_last_as_long_in_real_time() -> None:
    policy = SecuritySettings(session_ttl=timedelta(hours=8), login_window=timedelta(minutes=1))

    demo = policy.on_clock_scaled_by(30)

    assert (demo.session_ttl, demo.login_window) == (timedelta(hours=240), timedelta(minutes=30))
    assert demo.login_limit == policy.login_limit
