"""One fixture per storage port, parametrized over the in-memory and the SQLite implementation."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import apsw
import pytest

from adapters.memory.command_store import InMemoryCommandStore
from adapters.memory.config_store import InMemoryConfigStore
from adapters.memory.event_store import InMemoryEventStore
from adapters.memory.health import InMemoryHealthStore
from adapters.memory.identity import InMemoryIdentityStore
from adapters.memory.lease import InMemoryLeaseStore
from adapters.memory.projection_store import InMemoryProjectionStore
from adapters.sqlite.command_store import SqliteCommandStore
from adapters.sqlite.config_store import SqliteConfigStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.health import SqliteHealthStore
from adapters.sqlite.identity import SqliteIdentityStore
from adapters.sqlite.lease import SqliteLeaseStore
from adapters.sqlite.projection_store import SqliteProjectionStore
from ports.command_store import CommandStore
from ports.config_store import ConfigStore
from ports.database_identity import IdentityStore
from ports.event_store import EventStore
from ports.health import HealthStore
from ports.lease import LeaseStore
from ports.projection_store import ProjectionStore

IMPLEMENTATIONS = ["memory", "sqlite"]


@pytest.fixture
def sqlite_connection(tmp_path: Path) -> Iterator[apsw.Connection]:
    connection = open_database(tmp_path / "contract.sqlite3")
    yield connection
    connection.close()


def _store(
    kind: str,
    memory: Callable[[], object],
    sqlite: Callable[[apsw.Connection], object],
    request: pytest.FixtureRequest,
) -> object:
    if kind == "memory":
        return memory()
    return sqlite(request.getfixturevalue("sqlite_connection"))


@pytest.fixture(params=IMPLEMENTATIONS)
def event_store(request: pytest.FixtureRequest) -> EventStore:
    return _store(request.param, InMemoryEventStore, SqliteEventStore, request)


@pytest.fixture(params=IMPLEMENTATIONS)
def command_store(request: pytest.FixtureRequest) -> CommandStore:
    return _store(request.param, InMemoryCommandStore, SqliteCommandStore, request)


@pytest.fixture(params=IMPLEMENTATIONS)
def config_store(request: pytest.FixtureRequest) -> ConfigStore:
    return _store(request.param, InMemoryConfigStore, SqliteConfigStore, request)


@pytest.fixture(params=IMPLEMENTATIONS)
def projection_store(request: pytest.FixtureRequest) -> ProjectionStore:
    return _store(request.param, InMemoryProjectionStore, SqliteProjectionStore, request)


@pytest.fixture(params=IMPLEMENTATIONS)
def lease_store(request: pytest.FixtureRequest) -> LeaseStore:
    return _store(request.param, InMemoryLeaseStore, SqliteLeaseStore, request)


@pytest.fixture(params=IMPLEMENTATIONS)
def health_store(request: pytest.FixtureRequest) -> HealthStore:
    return _store(request.param, InMemoryHealthStore, SqliteHealthStore, request)


@pytest.fixture(params=IMPLEMENTATIONS)
def identity_store(request: pytest.FixtureRequest) -> IdentityStore:
    return _store(request.param, InMemoryIdentityStore, SqliteIdentityStore, request)
