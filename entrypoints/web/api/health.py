"""GET /health (public): up and where the bot stands; with a viewer credential also what the web reads from the store
and the health the bot last wrote (ADR 0080)."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from quart import Blueprint

from entrypoints.web.api.bot_state import STALE_AFTER, bot_standing
from entrypoints.web.api.context import adapters, bot_health, mode, time_scale
from entrypoints.web.api.replies import dumped
from entrypoints.web.database import PROBES, on_store
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.health import BotHealthSchema, HealthSchema
from entrypoints.web.security.principal import current_principal
from entrypoints.web.security.public import public
from ports.errors import StorageError
from ports.health import BotHealth
from ports.user_store import Role

blueprint = Blueprint("health", __name__)
# What anybody may read: up or not, and where the bot stands in one word (ready, stale, stopped, ...)
PUBLIC_FIELDS = ("status", "bot_state")


@blueprint.get("/health")
@public(details=Role.VIEWER)
@operation(
    "Web status and bot health: anybody gets status and bot_state; a viewer credential gets the rest",
    "health",
    {200: Reply("Up", HealthSchema), 503: Reply("The store cannot be read", HealthSchema)},
)
async def health() -> tuple[dict[str, Any], int]:
    # Anonymous: only up/ready/stale; the mode, the bot's host and pid and raw error text need a viewer (issue 15)
    detailed = current_principal() is not None
    # Its own lane: a probe answers while every request worker is busy with slow pages
    return await on_store(partial(_health, detailed), PROBES)


def _health(detailed: bool) -> tuple[dict[str, Any], int]:
    ports = adapters()
    body: dict[str, Any] = {"status": "ok", "mode": mode()}
    try:
        body["last_event_seq"] = ports.event_store().last_seq()
        body["projection_checkpoint"] = ports.projection_store().checkpoint()
        bot, now, stale_after = bot_health(), ports.clock().now(), STALE_AFTER * time_scale()
        body["bot_state"] = bot_standing(bot, now, stale_after).state
        if bot is not None:
            body["bot"] = bot_view(bot, now, stale_after)
    except StorageError as exc:
        body = {**body, "status": "unavailable", "error": str(exc)}
        return (body if detailed else _public(body)), 503
    return (body if detailed else _public(body)), 200


def _public(body: dict[str, Any]) -> dict[str, Any]:
    return {name: body[name] for name in PUBLIC_FIELDS if name in body}


def bot_view(bot: BotHealth, now: datetime, stale_after: timedelta = STALE_AFTER) -> dict[str, Any]:
    """The bot's health as JSON, with its heartbeat age and where it stands (one word, since when, why)."""
    age = max(now - bot.updated_at, timedelta(0))
    standing = bot_standing(bot, now, stale_after)
    view = {**vars(bot), **vars(standing), "heartbeat_age_ms": age // timedelta(milliseconds=1)}
    view["stale_after_ms"] = stale_after // timedelta(milliseconds=1)
    return dumped(BotHealthSchema(), view)
