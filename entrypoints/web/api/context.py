"""What a view reaches through the app: the stores (on a store worker only), the settings and who is asking."""

from __future__ import annotations

from typing import Any

from quart import current_app, g

from domain.commands import Actor, ActorKind
from entrypoints.containers.web import WebContainer
from entrypoints.traded import Traded, stored_settings, traded
from entrypoints.web.database import stores
from ports.config_store import ConfigEntry
from ports.health import BotHealth

# Where the security layer leaves the authenticated user for the request (read, never required)
PRINCIPAL = "principal"


def container() -> WebContainer:
    found: WebContainer = current_app.extensions["container"]
    return found


def adapters() -> Any:
    """The calling store worker's set (clock, ids and every store port); refused on the event loop (ADR 0066)."""
    return stores()


def running() -> Traded:
    """What the bot trades and the settings it runs, read once per request however many views ask."""
    if "running" not in g:
        g.running = traded(adapters(), settings_entries(), bot_health())
    cached: Traded = g.running
    return cached


def settings_entries() -> dict[str, ConfigEntry]:
    """Every stored settings entry by key, read once per request (a write in the request reads the store itself)."""
    if "settings_entries" not in g:
        g.settings_entries = stored_settings(adapters())
    cached: dict[str, ConfigEntry] = g.settings_entries
    return cached


def bot_health() -> BotHealth | None:
    """The health row the bot last wrote, read once per request."""
    if "bot_health" not in g:
        g.bot_health = adapters().health_store().read()
    cached: BotHealth | None = g.bot_health
    return cached


def mode() -> str:
    configured: str = container().config.mode()
    return configured


def time_scale() -> float:
    """Clock seconds per real second (1 except in the demo, whose clock is the simulation's)."""
    scale: float = container().config.time_scale()
    return scale


def actor() -> Actor:
    """The web user issuing a command or writing config: web:<name> once authentication names one."""
    name = principal_name()
    return Actor(ActorKind.USER, f"web:{name}" if name else "web")


def principal_name() -> str | None:
    principal = g.get(PRINCIPAL)
    if principal is None:
        return None
    name = getattr(principal, "name", principal)
    return name if isinstance(name, str) and name else None
