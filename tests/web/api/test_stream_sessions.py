"""Open event streams and API calls end with their login session (ADR 0083): log out everywhere, a password change
and a role change cut them within a recheck; a stream outlives its access token while its session is refreshed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import anyio
import pytest

from entrypoints.containers.web import WebContainer
from entrypoints.web.api.stream import KEEPALIVE_S, POLL_S, RECHECK_S
from entrypoints.web.security.user_sessions import change_role
from ports.user_store import Role
from tests.web.api.conftest import PASSWORD, USER, Api, secured_app
from tests.web.api.test_stream import HANG_S, frames, until_closed

pytestmark = pytest.mark.anyio


@pytest.fixture
async def api(container: WebContainer) -> AsyncIterator[Api]:
    stopping = anyio.Event()
    app = secured_app(container, stopping)
    app.config.update({POLL_S: 0.01, KEEPALIVE_S: 0.05, RECHECK_S: 0.05})
    yield Api(app, container, app.test_client())
    stopping.set()


async def login(api: Api) -> dict[str, Any]:
    response = await api.client.post("/api/auth/login", json={"username": USER, "password": PASSWORD})
    assert response.status_code == 200
    body: dict[str, Any] = await response.get_json()
    return body


def bearer(body: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {body['token']}"}


async def cut_by(api: Api, action: Any) -> tuple[list[str], int]:
    """Open a stream on one session, run `action` (from elsewhere), and return the stream's last frames and the
    status of that session's next API call."""
    watcher = await login(api)
    with anyio.fail_after(HANG_S):
        async with api.client.request("/api/stream", headers=bearer(watcher)) as connection:
            await connection.send_complete()
            await frames(connection, 1)
            await action()
            received = await until_closed(connection)
    call = await api.client.get("/api/events", headers=bearer(watcher))
    return received, call.status_code


async def test_log_out_everywhere_cuts_a_live_stream_and_the_next_call(api: Api) -> None:
    async def log_out_everywhere() -> None:
        assert (await api.client.post("/api/auth/logout-all", headers=bearer(await login(api)))).status_code == 200

    received, status = await cut_by(api, log_out_everywhere)

    assert received[-1] == ": stream closed: the session was ended by 'log out everywhere'; log in again"
    assert status == 401


async def test_a_password_change_cuts_a_live_stream_and_the_next_call(api: Api) -> None:
    async def change_password() -> None:
        change = {"current_password": PASSWORD, "new_password": "another long passphrase"}
        response = await api.client.post("/api/auth/password", json=change, headers=bearer(await login(api)))
        assert response.status_code == 200

    received, status = await cut_by(api, change_password)

    assert received[-1] == ": stream closed: the session was ended by a password change; log in again"
    assert status == 401


async def test_a_role_change_cuts_a_live_stream_and_the_next_call(api: Api) -> None:
    security = api.app.extensions["security"]

    async def demote() -> None:
        change_role(security.users, security.sessions.store, USER, Role.VIEWER, api.clock.now())

    received, status = await cut_by(api, demote)

    assert received[-1] == ": stream closed: the session was ended by a role change; log in again"
    assert status == 401


async def test_removing_or_disabling_the_user_cuts_a_live_stream_and_the_next_call(api: Api) -> None:
    security = api.app.extensions["security"]

    async def disable() -> None:
        security.users.set_disabled(USER, api.clock.now())

    received, status = await cut_by(api, disable)

    assert received[-1].startswith(f": stream closed: the user {USER!r} is disabled")
    assert status == 401

    security.users.set_disabled(USER, None)

    async def remove() -> None:
        assert security.users.remove_user(USER)

    received, status = await cut_by(api, remove)

    assert received[-1] == ": stream closed: the session's user no longer exists"
    assert status == 401


async def test_a_stream_outlives_its_access_token_while_its_session_is_refreshed(api: Api) -> None:
    body = await login(api)
    with anyio.fail_after(HANG_S):
        async with api.client.request("/api/stream", headers=bearer(body)) as connection:
            await connection.send_complete()
            await frames(connection, 1)
            api.clock.advance(timedelta(minutes=20))
            refreshed = await api.client.post("/api/auth/refresh", json={"refresh_token": body["refresh_token"]})
            # Several rechecks go by (a keep-alive each 0.05 s, a recheck each 0.05 s) with the token expired
            held = await frames(connection, 4)
            api.clock.advance(timedelta(minutes=20))
            still = await frames(connection, 4)
            api.clock.advance(timedelta(minutes=11))
            idle = await until_closed(connection)

    assert refreshed.status_code == 200
    assert held == still == [": keep-alive"] * 4
    assert idle[-1] == ": stream closed: the session expired after 0:30:00 without a refresh; log in again"
