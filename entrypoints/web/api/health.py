"""GET /health (public): the web is up, what it reads from the store, and the health the bot last wrote."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from quart import Blueprint

from entrypoints.web.api.bot_state import STALE_AFTER, bot_standing
from entrypoints.web.api.context import adapters, bot_health, mode, time_scale
from entrypoints.web.api.replies import dumped
from entrypoints.web.database import PROBES, on_store
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.health import BotHealthSchema, HealthSchema
from entrypoints.web.security.public import public
from ports.errors import StorageError
from ports.health import BotHealth

blueprint = Blueprint("health", __name__)


@blueprint.get("/health")
@public
@operation(
    "Web status and bot health",
    "health",
    {200: Reply("Up", HealthSchema), 503: Reply("The store cannot be read", HealthSchema)},
)
async def health() -> tuple[dict[str, Any], int]:
    # Its own lane: a probe answers while every request worker is busy with slow pages
    return await on_store(_health, PROBES)


def _health() -> tuple[dict[str, Any], int]:
    ports = adapters()
    body: dict[str, Any] = {"status": "ok", "mode": mode()}
    try:
        body["last_event_seq"] = ports.event_store().last_seq()
        body["projection_checkpoint"] = ports.projection_store().checkpoint()
        bot = bot_health()
        if bot is not None:
            body["bot"] = bot_view(bot, ports.clock().now(), STALE_AFTER * time_scale())
    except StorageError as exc:
        return {**body, "status": "unavailable", "error": str(exc)}, 503
    return body, 200


def bot_view(bot: BotHealth, now: datetime, stale_after: timedelta = STALE_AFTER) -> dict[str, Any]:
    """The bot's health as JSON, with its heartbeat age and where it stands (one word, since when, why)."""
    age = max(now - bot.updated_at, timedelta(0))
    standing = bot_standing(bot, now, stale_after)
    view = {**vars(bot), **vars(standing), "heartbeat_age_ms": age // timedelta(milliseconds=1)}
    view["stale_after_ms"] = stale_after // timedelta(milliseconds=1)
    return dumped(BotHealthSchema(), view)
