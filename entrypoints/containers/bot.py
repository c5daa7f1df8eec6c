"""The bot process's container: its configuration, an adapter set, and the services built on them."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.projector import Projector
from config.constants import Defaults
from config.secrets import Secrets
from entrypoints.containers.adapters import port_dependencies


class BotContainer(containers.DeclarativeContainer):
    config = providers.Configuration(strict=True)
    secrets = providers.Dependency(instance_of=Secrets)
    adapters = port_dependencies()
    projector = providers.Singleton(
        Projector,
        events=adapters.event_store,
        projections=adapters.projection_store,
    )


def build_bot_container(
    secrets: Secrets,
    adapters: containers.DeclarativeContainer,
    *,
    tick_s: float = Defaults.BOT_TICK_S,
) -> BotContainer:
    """Plug an adapter set (SqliteAdapters or InMemoryAdapters) into a BotContainer; fail now if anything is missing."""
    container = BotContainer(adapters=adapters, secrets=providers.Object(secrets))
    container.config.from_dict({"mode": secrets.mode, "tick_s": tick_s})
    container.check_dependencies()
    return container
