"""The two adapter sets, with identical provider names: SQLite + system clock, and in-memory + manual clock."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import apsw
from dependency_injector import containers, providers

from adapters.memory.audit_log import InMemoryAuditLog
from adapters.memory.clock import ManualClock, SequentialIds
from adapters.memory.command_store import InMemoryCommandStore
from adapters.memory.config_store import InMemoryConfigStore
from adapters.memory.event_store import InMemoryEventStore
from adapters.memory.health import InMemoryHealthStore
from adapters.memory.identity import InMemoryIdentityStore
from adapters.memory.lease import InMemoryLeaseStore
from adapters.memory.login_attempts import InMemoryLoginAttempts
from adapters.memory.maintenance import InMemoryMaintenance
from adapters.memory.projection_store import InMemoryProjectionStore
from adapters.memory.second_factor_store import InMemorySecondFactorStore
from adapters.memory.session_store import InMemorySessionStore
from adapters.memory.user_store import InMemoryUserStore
from adapters.sqlite.audit_log import SqliteAuditLog
from adapters.sqlite.command_store import SqliteCommandStore
from adapters.sqlite.config_store import SqliteConfigStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.health import SqliteHealthStore
from adapters.sqlite.identity import SqliteIdentityStore
from adapters.sqlite.lease import SqliteLeaseStore
from adapters.sqlite.login_attempts import SqliteLoginAttempts
from adapters.sqlite.maintenance import SqliteMaintenance
from adapters.sqlite.projection_store import SqliteProjectionStore
from adapters.sqlite.second_factor_store import SqliteSecondFactorStore
from adapters.sqlite.session_store import SqliteSessionStore
from adapters.sqlite.user_store import SqliteUserStore
from adapters.system.clock import SystemClock
from adapters.system.ids import UuidIds
from config.constants import Defaults
from ports.audit_log import AuditLog
from ports.clock import Clock, IdGenerator
from ports.command_store import CommandStore
from ports.config_store import ConfigStore
from ports.database_identity import IdentityStore
from ports.event_store import EventStore
from ports.health import HealthStore
from ports.lease import LeaseStore
from ports.login_attempts import LoginAttempts
from ports.maintenance import StorageMaintenance
from ports.projection_store import ProjectionStore
from ports.second_factor_store import SecondFactorStore
from ports.session_store import SessionStore
from ports.user_store import UserStore

# Every adapter set provides exactly these names (plus `config`), each an instance of its port
PORTS: dict[str, type] = {
    "clock": Clock,
    "ids": IdGenerator,
    "event_store": EventStore,
    "command_store": CommandStore,
    "config_store": ConfigStore,
    "projection_store": ProjectionStore,
    "lease_store": LeaseStore,
    "health_store": HealthStore,
    "user_store": UserStore,
    "login_attempts": LoginAttempts,
    "session_store": SessionStore,
    "second_factor_store": SecondFactorStore,
    "storage_maintenance": StorageMaintenance,
    "identity_store": IdentityStore,
    "audit_log": AuditLog,
}


def port_dependencies(ports: Mapping[str, type | None] = PORTS) -> providers.DependenciesContainer:
    """What an entry-point container asks of a set (storage adapters by default): one Dependency per name,
    type-checked where a port is given."""
    return providers.DependenciesContainer(
        **{
            name: providers.Dependency(instance_of=port) if port else providers.Dependency()
            for name, port in ports.items()
        },
    )


def _connection(path: str, busy_timeout_s: float) -> Iterator[apsw.Connection]:
    connection = open_database(Path(path), busy_timeout_s=busy_timeout_s)
    try:
        yield connection
    finally:
        # Closing checkpoints the WAL; an unclosed connection can leave a large -wal file behind
        connection.close()


class SqliteAdapters(containers.DeclarativeContainer):
    """One APSW connection (WAL) shared by the stores; opened on first use, closed by shutdown_resources()."""

    config = providers.Configuration(strict=True)
    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(UuidIds)
    connection = providers.Resource(
        _connection,
        path=config.database.path,
        busy_timeout_s=config.database.busy_timeout_s,
    )
    event_store = providers.Singleton(SqliteEventStore, connection)
    command_store = providers.Singleton(SqliteCommandStore, connection)
    config_store = providers.Singleton(SqliteConfigStore, connection)
    projection_store = providers.Singleton(SqliteProjectionStore, connection)
    lease_store = providers.Singleton(SqliteLeaseStore, connection)
    health_store = providers.Singleton(SqliteHealthStore, connection)
    user_store = providers.Singleton(SqliteUserStore, connection)
    login_attempts = providers.Singleton(SqliteLoginAttempts, connection)
    session_store = providers.Singleton(SqliteSessionStore, connection)
    second_factor_store = providers.Singleton(SqliteSecondFactorStore, connection)
    storage_maintenance = providers.Singleton(SqliteMaintenance, connection)
    identity_store = providers.Singleton(SqliteIdentityStore, connection)
    audit_log = providers.Singleton(SqliteAuditLog, connection)
    # Kept out of the provider names so both sets stay symmetric; the stores still hold it and
    # shutdown_resources() still finds it by traversal
    del connection


class InMemoryAdapters(containers.DeclarativeContainer):
    """Process-local fakes that pass the same contract tests; time moves only through clock().advance()."""

    config = providers.Configuration()
    clock = providers.Singleton(ManualClock)
    ids = providers.Singleton(SequentialIds)
    event_store = providers.Singleton(InMemoryEventStore)
    command_store = providers.Singleton(InMemoryCommandStore)
    config_store = providers.Singleton(InMemoryConfigStore)
    projection_store = providers.Singleton(InMemoryProjectionStore)
    lease_store = providers.Singleton(InMemoryLeaseStore)
    health_store = providers.Singleton(InMemoryHealthStore)
    user_store = providers.Singleton(InMemoryUserStore)
    login_attempts = providers.Singleton(InMemoryLoginAttempts)
    session_store = providers.Singleton(InMemorySessionStore)
    second_factor_store = providers.Singleton(InMemorySecondFactorStore, user_store)
    storage_maintenance = providers.Singleton(InMemoryMaintenance)
    identity_store = providers.Singleton(InMemoryIdentityStore)
    audit_log = providers.Singleton(InMemoryAuditLog)


def sqlite_adapters(path: Path, busy_timeout_s: float = Defaults.BUSY_TIMEOUT_S) -> SqliteAdapters:
    """Return the SQLite set for the database file at `path` (created with its folder on first use)."""
    adapters = SqliteAdapters()
    adapters.config.from_dict({"database": {"path": str(path), "busy_timeout_s": busy_timeout_s}})
    return adapters


def in_memory_adapters() -> InMemoryAdapters:
    return InMemoryAdapters()
