"""GET /health: the web's own status, what it sees of the store, and the bot's health once the bot wrote it."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.events import RateLimitState
from domain.values import Mode
from entrypoints.web.api.bot_state import STATES
from entrypoints.web.schemas.fields import UtcDateTime
from ports.exchange import StreamState


class BotStandingSchema(Schema):
    """Where the bot stands: what the dashboard's pills say (ADR 0050)."""

    state = fields.String(
        required=True,
        validate=validate.OneOf(STATES),
        metadata={
            "description": "stale: no heartbeat for longer than stale_after_ms (a crash or a hang); stopped: it "
            "exited cleanly; no_bot: no bot ever wrote its health"
        },
    )
    label = fields.String(required=True, metadata={"description": "The state as the dashboard shows it"})
    running = fields.Boolean(required=True, metadata={"description": "A bot process is heartbeating"})
    since = UtcDateTime(
        required=True,
        allow_none=True,
        metadata={"description": "stopped: when it exited; stale: its last heartbeat; ready: when it started"},
    )
    why = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The cause when known: why it stopped, its last error, why it failed closed"},
    )
    summary = fields.String(required=True, metadata={"description": "One sentence: state, since when and why"})


class BotHealthSchema(BotStandingSchema):
    heartbeat_age_ms = fields.Integer(required=True, metadata={"description": "Since the bot last wrote its health"})
    stale_after_ms = fields.Integer(required=True)
    holder = fields.String(required=True, metadata={"description": "Which bot process (host/pid)"})
    started_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)
    boot_phase = fields.String(required=True)
    ready = fields.Boolean(required=True)
    fail_closed_reason = fields.String(required=True, allow_none=True)
    last_loop_at = UtcDateTime(required=True, allow_none=True)
    ws_state = fields.Enum(StreamState, by_value=True, required=True)
    ws_changed_at = UtcDateTime(required=True, allow_none=True)
    last_reconcile_at = UtcDateTime(required=True, allow_none=True)
    last_reconcile_error = fields.String(required=True, allow_none=True)
    rate_limit_weight = fields.Integer(required=True, allow_none=True)
    rate_limit_state = fields.Enum(RateLimitState, by_value=True, required=True)
    wal_bytes = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "The store's write-ahead log size after the bot's last checkpoint"},
    )
    last_error = fields.String(required=True, allow_none=True, metadata={"description": "The last failing step"})
    last_error_at = UtcDateTime(required=True, allow_none=True)
    stopped_at = UtcDateTime(required=True, allow_none=True, metadata={"description": "Set as the bot exits cleanly"})
    stop_reason = fields.String(required=True, allow_none=True)
    unresolved_total = fields.Integer(
        required=True,
        metadata={"description": "Commands whose outcome is unknown (ADR 0048); the dashboard lists them"},
    )


class HealthSchema(Schema):
    """Anybody gets status and bot_state; the other fields need a viewer credential (ADR 0080)."""

    status = fields.String(required=True, validate=validate.OneOf(["ok", "unavailable"]))
    bot_state = fields.String(
        validate=validate.OneOf(STATES),
        metadata={"description": "Where the bot stands in one word (bot.state); absent when the store cannot be read"},
    )
    mode = fields.Enum(Mode, by_value=True, metadata={"description": "Only with a viewer credential"})
    last_event_seq = fields.Integer()
    projection_checkpoint = fields.Integer()
    error = fields.String(metadata={"description": "Why the store could not be read"})
    bot = fields.Nested(
        BotHealthSchema,
        metadata={"description": "Absent until a bot has written its health"},
    )
