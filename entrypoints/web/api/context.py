"""What a view reaches through the app: the container's ports and who is asking."""

from __future__ import annotations

from typing import Any

from quart import current_app, g

from domain.commands import Actor, ActorKind
from entrypoints.containers.web import WebContainer

# Where the security layer leaves the authenticated user for the request (read, never required)
PRINCIPAL = "principal"


def container() -> WebContainer:
    return current_app.extensions["container"]


def adapters() -> Any:
    """The container's adapter set: clock, ids, event_store, command_store, config_store, projection_store."""
    return container().adapters


def mode() -> str:
    return container().config.mode()


def time_scale() -> float:
    """Clock seconds per real second (1 except in the demo, whose clock is the simulation's)."""
    return container().config.time_scale()


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
