"""What each dashboard fragment shows, built from the JSON API's own views so page and API never disagree."""

from __future__ import annotations

from typing import Any

from entrypoints.web.api import dashboard, health
from entrypoints.web.api.context import adapters, time_scale
from entrypoints.web.database import on_store
from entrypoints.web.schemas.commands import CommandSchema, command_view
from entrypoints.web.views.figures import Figures
from entrypoints.web.views.health_states import operator_state

RECENT_COMMANDS = 15
# Shown while a command waits for the bot; the page refreshes the commands panel until none is left
OPEN_STATUSES = frozenset({"NEW", "SENT"})


async def live_panel() -> dict[str, Any]:
    """The /api/dashboard body plus /api/dashboard/market's: the mark with its age, the PnL it implies, leverage."""
    view = await dashboard.dashboard()
    market = view["market"] = await dashboard.market()
    view["time_scale"] = time_scale()
    view["figures"] = Figures.of(view["symbol"], market["tick_size"], market["step_size"])
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
    if body["status"] == "ok":
        # The engine's pause is part of what the operator reads: a ready bot with a paused engine trades nothing
        engine = await on_store(lambda: adapters().projection_store().engine())
        body["operator"] = operator_state(body.get("bot"), None if engine is None else engine.state.value)
    return body
