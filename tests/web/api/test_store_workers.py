"""No database work on the web's event loop (issue 13, ADR 0066): a request held inside a slow read stalls nobody else.

The slow read is a fake store whose read waits on a gate (a threading.Event) the test opens: while it waits, /health
must answer. On the event loop the held read would freeze the loop, and nothing else would answer until the gate's
guard gave up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import apsw
import pytest
from dependency_injector import providers
from pytest_mock import MockerFixture

import entrypoints.containers.adapters as adapter_sets
from adapters.memory.event_store import InMemoryEventStore
from adapters.memory.projection_store import InMemoryProjectionStore
from config.secrets import load_secrets
from domain.events import StoredEvent
from domain.projections.rows import Trade
from entrypoints.containers.adapters import sqlite_adapters
from entrypoints.containers.web import build_web_container
from entrypoints.web.app import create_app
from entrypoints.web.database import LANES, PROBE_WORKERS, REQUEST_WORKERS, REQUESTS, StoreLane, stores
from entrypoints.web.security import SecuritySettings, security_installer
from entrypoints.web.security.passwords import hash_password
from ports.event_store import EventQuery
from ports.user_store import User
from tests.web.api.conftest import FAST, PASSWORD, USER, Api, logged_in

pytestmark = pytest.mark.anyio

# Guards against a hang (the gate gives up, the test fails), not a timing assertion
HANG_S = 10.0


class Gate:
    """Holds every read that reaches it until open(); counts the reads inside at once."""

    def __init__(self) -> None:
        self._open = threading.Event()
        self._lock = threading.Lock()
        self.inside = 0
        self.most_inside = 0
        self.gave_up = False

    def hold(self) -> None:
        with self._lock:
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)
        if not self._open.wait(HANG_S):
            self.gave_up = True
        with self._lock:
            self.inside -= 1

    def open(self) -> None:
        self._open.set()

    async def reached_by(self, count: int) -> None:
        """Wait (without holding the event loop) until `count` reads are inside."""
        with anyio.fail_after(HANG_S):
            while self.inside < count:
                await anyio.sleep(0.01)


class HeldProjections(InMemoryProjectionStore):
    """The projections, whose newest-trades read (the dashboard's) waits at the gate."""

    def __init__(self, gate: Gate) -> None:
        super().__init__()
        self.gate = gate

    def recent_trades(self, limit: int) -> list[Trade]:
        self.gate.hold()
        return super().recent_trades(limit)


class HeldEvents(InMemoryEventStore):
    """The event log, whose page read (/api/events) waits at the gate."""

    def __init__(self, gate: Gate) -> None:
        super().__init__()
        self.gate = gate

    def query(self, query: EventQuery) -> list[StoredEvent]:
        self.gate.hold()
        return super().query(query)


def held_projections(api: Api, gate: Gate) -> Any:
    return api.container.adapters.projection_store.override(providers.Object(HeldProjections(gate)))


def held_events(api: Api, gate: Gate) -> Any:
    return api.container.adapters.event_store.override(providers.Object(HeldEvents(gate)))


HOLDS: dict[str, Callable[[Api, Gate], Any]] = {
    "/api/dashboard": held_projections,
    "/": held_projections,
    "/api/events": held_events,
}


async def answered(api: Api, path: str, into: list[Any]) -> None:
    into.append(await api.get(path))


@pytest.mark.parametrize("path", sorted(HOLDS))
async def test_health_answers_while_a_request_is_held_inside_a_slow_read(api: Api, path: str) -> None:
    gate, held = Gate(), []

    with HOLDS[path](api, gate):
        async with anyio.create_task_group() as requests:
            requests.start_soon(answered, api, path, held)
            await gate.reached_by(1)
            health = await api.get("/health")
            still_held = gate.inside == 1
            gate.open()

    assert health.status_code == 200, await health.get_data(as_text=True)
    assert still_held and not gate.gave_up
    assert [response.status_code for response in held] == [200]


async def test_health_answers_while_every_request_worker_is_held(api: Api) -> None:
    gate, held = Gate(), []

    with held_projections(api, gate):
        async with anyio.create_task_group() as requests:
            for _ in range(REQUEST_WORKERS):
                requests.start_soon(answered, api, "/api/dashboard", held)
            await gate.reached_by(REQUEST_WORKERS)
            health = await api.get("/health")
            gate.open()

    assert health.status_code == 200
    assert not gate.gave_up
    assert [response.status_code for response in held] == [200] * REQUEST_WORKERS


async def test_a_burst_of_requests_reads_on_at_most_the_lanes_workers_and_the_rest_wait(api: Api) -> None:
    gate, held, burst = Gate(), [], REQUEST_WORKERS + 3
    lane: StoreLane = api.app.extensions[LANES][REQUESTS]

    with held_projections(api, gate):
        async with anyio.create_task_group() as requests:
            for _ in range(burst):
                requests.start_soon(answered, api, "/api/dashboard", held)
            await gate.reached_by(REQUEST_WORKERS)
            await waiting_for_a_worker(lane, burst - REQUEST_WORKERS)
            gate.open()

    assert gate.most_inside == REQUEST_WORKERS
    assert [response.status_code for response in held] == [200] * burst


async def waiting_for_a_worker(lane: StoreLane, count: int) -> None:
    with anyio.fail_after(HANG_S):
        while lane.waiting() < count:
            await anyio.lowlevel.checkpoint()


async def test_the_stores_are_refused_on_the_event_loop_thread() -> None:
    with pytest.raises(RuntimeError, match="never on the event loop thread"):
        stores()


async def test_work_on_a_lane_reaches_the_stores_and_its_errors_come_back(api: Api) -> None:
    lane: StoreLane = api.app.extensions[LANES][REQUESTS]

    def last_seq() -> int:
        found: int = stores().event_store().last_seq()
        return found

    def failing() -> None:
        raise LookupError("raised on a worker")

    assert await lane.run(last_seq) == 0
    with pytest.raises(LookupError, match="raised on a worker"):
        await lane.run(failing)


async def test_on_sqlite_the_workers_read_on_connections_of_their_own_and_close_them(
    tmp_path: Path, mocker: MockerFixture
) -> None:
    opened = mocker.spy(adapter_sets, "open_database")
    (tmp_path / "secrets.yaml").write_text("mode: sim\n", encoding="utf-8")
    adapters = sqlite_adapters(tmp_path / "web.sqlite3")
    container = build_web_container(load_secrets(tmp_path / "secrets.yaml", env={}), adapters)
    adapters.user_store().add_user(User(USER, hash_password(PASSWORD, FAST), adapters.clock().now()))
    app = create_app(container, security=security_installer(container, SecuritySettings(password_params=FAST)))
    # The set's own connection (the bot's too, in the demo), opened to add the user
    shared, statements = opened.spy_return, []
    shared.exec_trace = lambda _cursor, sql, _bindings: statements.append(sql) or True
    api = await logged_in(app, container)

    replies = [(await api.get(path)).status_code for path in ("/api/dashboard", "/", "/api/events", "/health")]

    workers = opened.spy_return_list[1:]
    assert replies == [200] * 4
    assert statements == []
    assert 1 <= len(workers) <= REQUEST_WORKERS + PROBE_WORKERS
    # Same clock as the set (the demo's is the simulation's)
    assert container.store_sets().open().clock() is adapters.clock()
    for lane in app.extensions[LANES].values():
        lane.close()
    for connection in workers:
        with pytest.raises(apsw.ConnectionClosedError):
            connection.execute("SELECT 1")
    adapters.shutdown_resources()
