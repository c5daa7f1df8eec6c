"""The web process's container: where to listen, the secrets, and the same adapter shape as the bot."""

from __future__ import annotations

from dependency_injector import containers, providers

from config.constants import Defaults
from config.secrets import Secrets
from entrypoints.containers.adapters import port_dependencies


class WebContainer(containers.DeclarativeContainer):
    config = providers.Configuration(strict=True)
    secrets = providers.Dependency(instance_of=Secrets)
    adapters = port_dependencies()


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
    container.config.from_dict({"mode": secrets.mode, "host": host, "port": port, "time_scale": time_scale})
    container.check_dependencies()
    return container
