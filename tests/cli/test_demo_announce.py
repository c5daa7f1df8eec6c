"""The demo shows its dashboard URL and login only once the dashboard answers, so the URL works when it is read."""

from __future__ import annotations

import asyncio

import anyio
import pytest

from entrypoints.demo import announce_when_serving, reachable_host
from tests.simulator.server.test_real_server import free_port

pytestmark = pytest.mark.anyio


async def answer_ok(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
    await writer.drain()
    writer.close()


async def test_the_login_is_announced_only_after_the_dashboard_answers() -> None:
    port, announced, stop = free_port(), anyio.Event(), anyio.Event()
    async with anyio.create_task_group() as group:
        group.start_soon(announce_when_serving, f"http://127.0.0.1:{port}/", announced.set, stop)
        await anyio.sleep(0.3)
        assert not announced.is_set()  # nothing listens yet: the URL would be refused

        server = await asyncio.start_server(answer_ok, "127.0.0.1", port)
        with anyio.fail_after(10):
            await announced.wait()
        stop.set()
    server.close()


async def test_the_announcer_runs_until_the_stop_like_the_other_services() -> None:
    port, stop = free_port(), anyio.Event()
    server = await asyncio.start_server(answer_ok, "127.0.0.1", port)
    finished = anyio.Event()

    async def announcer() -> None:
        await announce_when_serving(f"http://127.0.0.1:{port}/", lambda: None, stop)
        finished.set()

    async with anyio.create_task_group() as group:
        group.start_soon(announcer)
        await anyio.sleep(0.3)
        assert not finished.is_set()
        stop.set()
    assert finished.is_set()
    server.close()


def test_a_wildcard_bind_is_reached_on_the_loopback() -> None:
    assert [reachable_host(h) for h in ("0.0.0.0", "::", "127.0.0.1", "example.lan")] == [
        "127.0.0.1",
        "::1",
        "127.0.0.1",
        "example.lan",
    ]
