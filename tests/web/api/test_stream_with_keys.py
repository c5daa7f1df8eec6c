"""An event stream opened with an API key ends once the key is revoked or its user disabled (issue 15)."""

from __future__ import annotations

from collections.abc import Callable

import anyio
import pytest

from entrypoints.web.security.api_keys import new_api_key
from ports.user_store import Role, UserStore
from tests.web.api.conftest import USER, Api
from tests.web.api.test_stream import HANG_S, Live, frames, live, until_closed

pytestmark = pytest.mark.anyio
__all__ = ["live"]


def revoke(users: UserStore, key_id: str, api: Api) -> None:
    users.revoke_api_key(key_id, api.clock.now())


def disable(users: UserStore, _key_id: str, api: Api) -> None:
    users.set_disabled(USER, api.clock.now())


@pytest.mark.parametrize(("cut", "reason"), [(revoke, "was revoked"), (disable, "is disabled")], ids=["revoked", "off"])
async def test_an_open_stream_with_a_key_ends_once_the_key_is_cut_off(
    live: Live, cut: Callable[[UserStore, str, Api], None], reason: str
) -> None:
    api, _ = live
    users = api.container.adapters.user_store()
    text, record = new_api_key(USER, "ci", api.clock.now(), Role.VIEWER)
    users.add_api_key(record)

    with anyio.fail_after(HANG_S):
        async with api.client.request("/api/stream", headers={"X-API-Key": text}) as connection:
            await connection.send_complete()
            await frames(connection, 1)
            cut(users, record.key_id, api)
            received = await until_closed(connection)

    assert received[-1].startswith(": stream closed: ") and reason in received[-1]
