"""GET /api/stream: SSE tailing the event store by seq, resumable with Last-Event-ID, keep-alives, clean shutdown."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import anyio
import pytest

from entrypoints.containers.web import WebContainer
from entrypoints.web.api.stream import KEEPALIVE_S, POLL_S, RECHECK_S
from entrypoints.web.security.settings import SecuritySettings
from tests.harness.builders import EventFactory
from tests.web.api.conftest import Api, logged_in, secured_app

pytestmark = pytest.mark.anyio

# Guards against a hang, not a timing assertion
HANG_S = 10
Live = tuple[Api, anyio.Event]


@pytest.fixture
def events() -> EventFactory:
    return EventFactory()


@pytest.fixture
async def live(container: WebContainer) -> AsyncIterator[Live]:
    stopping = anyio.Event()
    api = await logged_in(secured_app(container, stopping), container)
    api.app.config.update({POLL_S: 0.01, KEEPALIVE_S: 0.05, RECHECK_S: 0.05})
    yield api, stopping
    stopping.set()


async def frames(connection: Any, count: int) -> list[str]:
    """The next `count` SSE frames (events or comments), each without its blank-line terminator."""
    found: list[str] = []
    buffer = ""
    with anyio.fail_after(HANG_S):
        while len(found) < count:
            buffer += (await connection.receive()).decode()
            *complete, buffer = buffer.split("\n\n")
            found.extend(complete)
    return found[:count]


async def until_closed(connection: Any) -> list[str]:
    """The frames up to the one that closes the stream (keep-alives may come first, as many as the timing allows)."""
    found: list[str] = []
    while not found or not found[-1].startswith(": stream closed"):
        found.extend(await frames(connection, 1))
    return found


def seq_and_type(frame: str) -> tuple[int, str]:
    lines = dict(line.split(": ", 1) for line in frame.splitlines())
    return int(lines["id"]), json.loads(lines["data"])["type"]


async def test_a_reconnect_with_last_event_id_gets_every_later_event(live: Live, events: EventFactory) -> None:
    api, _ = live
    api.store(events.balance(), events.trade(1), events.fee(1))

    async with api.stream("/api/stream", **{"Last-Event-ID": "1"}) as connection:
        await connection.send_complete()
        received = await frames(connection, 3)
        await connection.disconnect()

    assert received[0] == ": events after seq 1"
    assert [seq_and_type(frame) for frame in received[1:]] == [(2, "trade.executed.v1"), (3, "fee.charged.v1")]


async def test_after_in_the_query_string_sets_where_a_new_stream_starts(live: Live, events: EventFactory) -> None:
    api, _ = live
    api.store(events.balance(), events.trade(1))

    async with api.stream("/api/stream?after=0") as connection:
        await connection.send_complete()
        received = await frames(connection, 3)
        await connection.disconnect()

    assert [seq_and_type(frame)[0] for frame in received[1:]] == [1, 2]


async def test_a_new_stream_starts_after_the_last_stored_event_and_tails_what_comes_next(
    live: Live,
    events: EventFactory,
) -> None:
    api, _ = live
    api.store(events.balance())

    async with api.stream("/api/stream") as connection:
        await connection.send_complete()
        first = await frames(connection, 1)
        api.store(events.trade(7))
        later = await frames(connection, 1)
        await connection.disconnect()

    assert first == [": events after seq 1"]
    assert seq_and_type(later[0]) == (2, "trade.executed.v1")


async def test_an_idle_stream_sends_keep_alive_comments(live: Live) -> None:
    api, _ = live

    async with api.stream("/api/stream") as connection:
        await connection.send_complete()
        received = await frames(connection, 2)
        await connection.disconnect()

    assert received[1] == ": keep-alive"


async def test_the_stream_ends_cleanly_when_the_server_stops(live: Live) -> None:
    api, stopping = live

    with anyio.fail_after(HANG_S):
        async with api.stream("/api/stream") as connection:
            await connection.send_complete()
            await frames(connection, 1)
            stopping.set()
        response = await connection.as_response()

    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"


@pytest.mark.parametrize("header", ["abc", "-1", "1" * 19])
async def test_a_last_event_id_that_is_not_a_seq_is_a_400(api: Api, header: str) -> None:
    response = await api.get("/api/stream", headers={"Last-Event-ID": header})

    assert response.status_code == 400
    assert (await response.get_json())["field"] == "Last-Event-ID"


async def test_the_stream_needs_a_login(api: Api) -> None:
    response = await api.client.get("/api/stream")

    assert response.status_code == 401


async def test_an_open_stream_ends_once_its_session_is_logged_out(live: Live) -> None:
    api, _ = live

    with anyio.fail_after(HANG_S):
        async with api.stream("/api/stream") as connection:
            await connection.send_complete()
            await frames(connection, 1)
            logout = await api.post("/api/auth/logout")
            received = await until_closed(connection)

    assert logout.status_code == 200
    assert received[-1] == ": stream closed: the session has been logged out; log in again"


async def test_an_open_stream_ends_once_its_session_expires(live: Live) -> None:
    api, _ = live

    with anyio.fail_after(HANG_S):
        async with api.stream("/api/stream") as connection:
            await connection.send_complete()
            before = await frames(connection, 2)
            api.clock.advance(SecuritySettings().session_ttl)
            after = await until_closed(connection)

    assert before[1] == ": keep-alive"
    assert after[-1].startswith(": stream closed: ") and "expired" in after[-1]
