"""The web process's container: where to listen, the secrets, and the same adapter shape as the bot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dependency_injector import containers, providers

from config.constants import Defaults
from config.secrets import Secrets
from entrypoints.containers.adapters import SqliteAdapters, port_dependencies, sqlite_adapters


class WebContainer(containers.DeclarativeContainer):
    config = providers.Configuration(strict=True)
    secrets = providers.Dependency(instance_of=Secrets)
    adapters = port_dependencies()
    # Where the web's store workers get their stores (ADR 0066): OwnConnections or SharedStores
    store_sets: providers.Dependency[Any] = providers.Dependency()


class OwnConnections:
    """Each store worker gets a SQLite set of its own on the same file (ADR 0066): WAL readers run side by side, and
    the process's own connection (the bot's, in the demo) is never used from a worker thread. Clock and ids stay the
    process's (the demo's is the simulation's)."""

    def __init__(self, shared: Any) -> None:
        self._shared = shared

    def open(self) -> Any:
        database = self._shared.config.database
        stores = sqlite_adapters(Path(database.path()), database.busy_timeout_s())
        stores.clock.override(self._shared.clock)
        stores.ids.override(self._shared.ids)
        return stores

    def close(self, stores: Any) -> None:
        stores.shutdown_resources()


class SharedStores:
    """In-process stores lock each call and hold one state: every worker uses the one set, and closes nothing."""

    def __init__(self, shared: Any) -> None:
        self._shared = shared

    def open(self) -> Any:
        return self._shared

    def close(self, stores: Any) -> None:
        return None


def build_web_container(
    secrets: Secrets,
    adapters: containers.DeclarativeContainer,
    *,
    host: str = Defaults.WEB_HOST,
    port: int = Defaults.WEB_PORT,
    time_scale: float = 1.0,
) -> WebContainer:
    """Plug an adapter set into a WebContainer; fail now if anything is missing.

    `time_scale` is simulated seconds per real second of the adapters' clock (the demo's simulation speed): the web's
    real-time budgets (session lifetime, login window, heartbeat staleness) are stretched by it.
    """
    container = WebContainer(adapters=adapters, secrets=providers.Object(secrets))
    # Shared stores are reached through the container, so an override of one of its ports reaches the workers too
    sets = OwnConnections(adapters) if _is_sqlite(adapters) else SharedStores(container.adapters)
    container.store_sets.override(providers.Object(sets))
    container.config.from_dict({"mode": secrets.mode, "host": host, "port": port, "time_scale": time_scale})
    container.check_dependencies()
    return container


def _is_sqlite(adapters: Any) -> bool:
    # An instantiated declarative container is a DynamicContainer that remembers its class
    parent = getattr(adapters, "declarative_parent", None)
    return isinstance(parent, type) and issubclass(parent, SqliteAdapters)
