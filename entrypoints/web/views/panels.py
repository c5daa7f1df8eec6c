"""What each dashboard fragment shows, built from the JSON API's own views so page and API never disagree."""

from __future__ import annotations

from typing import Any

from entrypoints.web.api import dashboard, health
from entrypoints.web.api.context import adapters
from entrypoints.web.database import on_store
from entrypoints.web.schemas.commands import CommandSchema, command_view

RECENT_COMMANDS = 15
# Shown while a command waits for the bot; the page refreshes the commands panel until none is left
OPEN_STATUSES = frozenset({"NEW", "SENT"})


async def live_panel() -> dict[str, Any]:
    """The /api/dashboard body plus /api/dashboard/market's: the mark with its age, the PnL it implies, leverage."""
    view = await dashboard.dashboard()
    view["market"] = await dashboard.market()
    return view


async def commands_panel() -> dict[str, Any]:
    return await on_store(_commands)


def _commands() -> dict[str, Any]:
    # Straight from the store: the API view would read this page's own query string as its filters
    records = adapters().command_store().list(limit=RECENT_COMMANDS)
    recent = CommandSchema(many=True).dump([command_view(record) for record in records])
    return {"commands": recent, "waiting": any(c["status"] in OPEN_STATUSES for c in recent)}


async def health_panel() -> dict[str, Any]:
    body, _status = await health.health()
    return body
