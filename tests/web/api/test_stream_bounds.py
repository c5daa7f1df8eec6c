"""GET /api/stream is bounded (issue 11 scenario 8, ADR 0049): a replay sends the newest REPLAY_LIMIT events at most and
says where the rest is, streams are capped per user and in all (429 + Retry-After), and a client that left frees its
slot and costs no more reads and at most one log line."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import anyio
import httpx
import pytest
from hypercorn.asyncio import serve
from hypercorn.config import Config
from pytest_mock import MockerFixture

from entrypoints.bench.streams import until_serving
from entrypoints.containers.web import WebContainer
from entrypoints.web.api.stream import BATCH, KEEPALIVE_S, POLL_S, REPLAY, REPLAY_LIMIT, SLOTS
from entrypoints.web.api.stream_slots import MAX_PER_USER, MAX_TOTAL, RETRY_AFTER_S, StreamSlots
from entrypoints.web.security.api_keys import HEADER, new_api_key
from entrypoints.web.security.passwords import hash_password
from ports.user_store import User
from tests.harness.builders import EventFactory
from tests.simulator.server.test_real_server import free_port
from tests.web.api.conftest import FAST, USER, Api, logged_in, secured_app
from tests.web.api.test_stream import HANG_S, frames

pytestmark = pytest.mark.anyio

CLIENTS = 200
LOG_SIZE = 3000


@pytest.fixture
async def api(container: WebContainer) -> AsyncIterator[Api]:
    stopping = anyio.Event()
    api = await logged_in(secured_app(container, stopping), container)
    api.app.config.update({POLL_S: 0.01, KEEPALIVE_S: 0.2})
    yield api
    stopping.set()


def slots(api: Api) -> StreamSlots:
    return api.app.extensions[SLOTS]


def log_of(api: Api, count: int) -> None:
    """`count` stored events (appended only: the stream reads the log, not the projections)."""
    events = EventFactory()
    api.container.adapters.event_store().append([events.trade(trade_id) for trade_id in range(1, count + 1)])


def key_for(api: Api, name: str) -> dict[str, str]:
    """Headers authenticating as user `name` (created here) with an automation API key."""
    users, now = api.container.adapters.user_store(), api.clock.now()
    if users.get_user(name) is None:
        users.add_user(User(name, hash_password("a password for the stream tests", FAST), now))
    text, record = new_api_key(name, "streams", now)
    users.add_api_key(record)
    return {HEADER: text}


def parse(frame: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in frame.splitlines())


async def until_freed(api: Api) -> None:
    with anyio.fail_after(HANG_S):
        while slots(api).open_count() > 0:
            await anyio.sleep(0.01)


async def test_a_replay_from_older_than_the_limit_sends_the_newest_events_and_says_what_it_skipped(api: Api) -> None:
    api.app.config[REPLAY] = 3
    log_of(api, 10)

    async with api.stream("/api/stream?after=2") as connection:
        await connection.send_complete()
        received = await frames(connection, 6)
        await connection.disconnect()

    notice = parse(received[0])
    assert notice["event"] == "replay-limited"
    assert json.loads(notice["data"]) == {
        "requested_after": 2,
        "after": 7,
        "limit": 3,
        "skipped": {"from_seq": 3, "to_seq": 7},
        "history": "/api/events",
    }
    assert received[1] == ": events after seq 7"
    assert [int(parse(frame)["id"]) for frame in received[2:5]] == [8, 9, 10]
    assert received[5] == ": keep-alive"


async def test_a_reconnect_from_an_old_last_event_id_is_limited_the_same_way(api: Api) -> None:
    api.app.config[REPLAY] = 2
    log_of(api, 5)

    async with api.stream("/api/stream", **{"Last-Event-ID": "1"}) as connection:
        await connection.send_complete()
        received = await frames(connection, 2)
        await connection.disconnect()

    assert json.loads(parse(received[0])["data"])["skipped"] == {"from_seq": 2, "to_seq": 3}
    assert received[1] == ": events after seq 3"


@asynccontextmanager
async def open_streams(api: Api, count: int, headers: dict[str, str] | None = None) -> AsyncIterator[list[Any]]:
    """`count` streams (of the logged-in user unless `headers` say otherwise), open until the block ends."""
    async with AsyncExitStack() as stack:
        opening = [api.client.request("/api/stream", headers=headers or api.headers) for _ in range(count)]
        connections = [await stack.enter_async_context(connection) for connection in opening]
        for connection in connections:
            await connection.send_complete()
            await frames(connection, 1)
        yield connections
        for connection in connections:
            await connection.disconnect()


async def test_streams_beyond_the_per_user_cap_are_refused_with_429_and_retry_after(api: Api) -> None:
    api.app.extensions[SLOTS] = StreamSlots(per_user=2, total=3)

    async with open_streams(api, 2):
        refused = await api.get("/api/stream")
        async with open_streams(api, 1, key_for(api, "bob")) as [other_user]:
            pass

    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == str(RETRY_AFTER_S)
    assert (await refused.get_json())["error"] == (
        f"too many open event streams for user {USER!r} (at most 2); close one, or retry in {RETRY_AFTER_S} s"
    )
    assert other_user.status_code == 200


async def test_streams_beyond_the_total_cap_are_refused_whoever_asks(api: Api) -> None:
    api.app.extensions[SLOTS] = StreamSlots(per_user=2, total=2)

    async with open_streams(api, 2):
        refused = await api.get("/api/stream", headers=key_for(api, "bob"))

    assert refused.status_code == 429
    assert "too many open event streams on this server (at most 2)" in (await refused.get_json())["error"]


async def test_a_head_request_gets_the_headers_and_holds_no_slot(api: Api) -> None:
    api.app.extensions[SLOTS] = StreamSlots(per_user=1, total=1)

    with anyio.fail_after(HANG_S):
        heads = [await api.client.head("/api/stream", headers=api.headers) for _ in range(2)]

    assert [(head.status_code, head.mimetype) for head in heads] == [(200, "text/event-stream")] * 2
    assert slots(api).open_count() == 0


async def test_a_client_that_leaves_mid_replay_frees_its_slot_stops_the_reads_and_costs_one_debug_line(
    api: Api,
    mocker: MockerFixture,
    caplog: pytest.LogCaptureFixture,
) -> None:
    api.app.extensions[SLOTS] = StreamSlots(per_user=1, total=1)
    log_of(api, LOG_SIZE)
    reads = mocker.spy(api.container.adapters.event_store(), "read_after")
    caplog.set_level(logging.DEBUG, logger="alphaengine.web")

    async with api.stream("/api/stream?after=0") as connection:
        await connection.send_complete()
        await frames(connection, 5)
        await connection.disconnect()
    await until_freed(api)
    reads_when_freed = reads.call_count
    async with api.stream("/api/stream") as again:
        await again.send_complete()
        first = await frames(again, 1)
        await again.disconnect()

    assert reads_when_freed < REPLAY_LIMIT // BATCH
    logged = [(record.levelno, record.getMessage()) for record in caplog.records if record.name == "alphaengine.web"]
    assert len(logged) == 2 and {level for level, _ in logged} == {logging.DEBUG}
    assert all(message.startswith("event stream ended: the client left after ") for _, message in logged)
    assert first == [f": events after seq {LOG_SIZE}"]


async def test_clients_that_leave_a_real_server_mid_replay_cost_no_send_errors_and_free_their_slots(
    api: Api,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Hypercorn, as `alphaengine web` serves: each client reads the first bytes of a replay from 0 and hangs up."""
    leaving = 20
    api.app.extensions[SLOTS] = StreamSlots(per_user=leaving, total=leaving)
    log_of(api, LOG_SIZE)
    caplog.set_level(logging.DEBUG)
    port, stop = free_port(), anyio.Event()
    config = Config()
    config.bind, config.accesslog, config.graceful_timeout = [f"127.0.0.1:{port}"], None, 1.0
    config.errorlog = logging.getLogger("hypercorn.error")
    request = "".join(f"{name}: {value}\r\n" for name, value in api.headers.items())
    request = f"GET /api/stream?after=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n{request}\r\n".encode()
    statuses: list[bytes] = []

    async def leave_early() -> None:
        async with await anyio.connect_tcp("127.0.0.1", port) as connection:
            await connection.send(request)
            statuses.append((await connection.receive()).split(b"\r\n", 1)[0])

    with anyio.fail_after(HANG_S * 3):
        async with anyio.create_task_group() as server:
            server.start_soon(lambda: serve(api.app, config, shutdown_trigger=stop.wait))
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as probe:
                await until_serving(probe)
            async with anyio.create_task_group() as clients:
                for _ in range(leaving):
                    clients.start_soon(leave_early)
            await until_freed(api)
            stop.set()

    assert statuses == [b"HTTP/1.1 200 "] * leaving
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    ended = [r for r in caplog.records if r.getMessage().startswith("event stream ended: the client left")]
    assert len(ended) == leaving


async def test_200_clients_replaying_from_0_are_capped_each_get_at_most_the_limit_and_health_keeps_answering(
    api: Api,
    mocker: MockerFixture,
) -> None:
    """Scenario 8: 200 x GET /api/stream?after=0 on a log of thousands of events, 5 clients for each of 40 users."""
    log_of(api, LOG_SIZE)
    reads = mocker.spy(api.container.adapters.event_store(), "read_after")
    keys = [key_for(api, f"user{index}") for index in range(CLIENTS // MAX_PER_USER)]
    accepted: list[list[str]] = []
    refused: list[tuple[int, str | None, str]] = []
    health: list[int] = []

    async def client(headers: dict[str, str], done: anyio.Event) -> None:
        async with api.client.request("/api/stream?after=0", headers=headers) as connection:
            await connection.send_complete()
            first = await connection.receive()
            if connection.status_code != 200:
                refused.append((connection.status_code, connection.headers.get("Retry-After"), first.decode()))
                return
            accepted.append(await until_keep_alive(connection, first))
            await done.wait()
            await connection.disconnect()

    done = anyio.Event()
    with anyio.fail_after(HANG_S * 12):
        async with anyio.create_task_group() as clients:
            for index in range(CLIENTS):
                clients.start_soon(client, keys[index % len(keys)], done)
            while len(accepted) + len(refused) < CLIENTS:
                health.append((await api.client.get("/health")).status_code)
                await anyio.sleep(0.05)
            open_while_replayed = slots(api).open_count()
            health.append((await api.client.get("/health")).status_code)
            done.set()
        await until_freed(api)

    assert len(accepted) == MAX_TOTAL and open_while_replayed == MAX_TOTAL
    assert {(status, retry) for status, retry, _ in refused} == {(429, str(RETRY_AFTER_S))}
    assert len(refused) == CLIENTS - MAX_TOTAL and all("too many open event streams" in body for *_, body in refused)
    newest = list(range(LOG_SIZE - REPLAY_LIMIT + 1, LOG_SIZE + 1))
    assert all(events(replay) == newest for replay in accepted)
    assert all(replay[0].startswith("event: replay-limited") for replay in accepted)
    assert health and set(health) == {200}
    assert max(call.args[1] for call in reads.call_args_list) == BATCH
    assert slots(api).open_count() == 0


async def until_keep_alive(connection: Any, first: bytes) -> list[str]:
    """The frames a stream sends up to its first keep-alive (the end of its replay)."""
    buffer, found = first.decode(), []
    while True:
        *complete, buffer = buffer.split("\n\n")
        found.extend(complete)
        if ": keep-alive" in found:
            return found
        buffer += (await connection.receive()).decode()


def events(frames: list[str]) -> list[int]:
    return [int(parse(frame)["id"]) for frame in frames if frame.startswith("id: ")]


async def test_the_openapi_document_states_the_replay_limit_and_the_caps(api: Api) -> None:
    document = await (await api.get("/api/openapi.json")).get_json()

    stream = document["paths"]["/api/stream"]["get"]
    after = {parameter["name"]: parameter for parameter in stream["parameters"]}["after"]
    assert f"At most the newest {REPLAY_LIMIT} stored events are replayed" in after["schema"]["description"]
    assert f"replays at most {REPLAY_LIMIT} events" in stream["summary"]
    assert f"at most {MAX_PER_USER} per user, {MAX_TOTAL} in all" in stream["responses"]["429"]["description"]


def test_a_slot_released_twice_frees_one_place() -> None:
    slots = StreamSlots(per_user=2, total=2)
    first, second = slots.take("alice"), slots.take("alice")
    assert not isinstance(first, str) and not isinstance(second, str)

    first.release()
    first.release()

    assert (slots.open_count(), slots.open_count("alice")) == (1, 1)
    assert isinstance(slots.take("bob"), type(first)) and isinstance(slots.take("carol"), str)


def test_caps_must_allow_a_stream_and_fit_the_total() -> None:
    with pytest.raises(ValueError, match="stream caps need 1 <= per_user <= total"):
        StreamSlots(per_user=6, total=5)
    with pytest.raises(ValueError, match="encoding >= 1"):
        StreamSlots(encoding=0)
