"""GET /health: the web's own status, what it sees of the store, and the bot's health once the bot wrote it."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.values import Mode
from entrypoints.web.schemas.fields import UtcDateTime


class BotHealthSchema(Schema):
    state = fields.String(
        required=True,
        validate=validate.OneOf(["ready", "starting", "fail_closed", "stale"]),
        metadata={"description": "stale: no heartbeat for longer than stale_after_ms"},
    )
    heartbeat_age_ms = fields.Integer(required=True, metadata={"description": "Since the bot last wrote its health"})
    stale_after_ms = fields.Integer(required=True)
    holder = fields.String(required=True, metadata={"description": "Which bot process (host/pid)"})
    started_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)
    boot_phase = fields.String(required=True)
    ready = fields.Boolean(required=True)
    fail_closed_reason = fields.String(required=True, allow_none=True)
    last_loop_at = UtcDateTime(required=True, allow_none=True)
    ws_state = fields.String(required=True)
    ws_changed_at = UtcDateTime(required=True, allow_none=True)
    last_reconcile_at = UtcDateTime(required=True, allow_none=True)
    last_reconcile_error = fields.String(required=True, allow_none=True)
    rate_limit_weight = fields.Integer(required=True, allow_none=True)
    rate_limit_state = fields.String(required=True)
    wal_bytes = fields.Integer(
        required=True, allow_none=True,
        metadata={"description": "The store's write-ahead log size after the bot's last checkpoint"},
    )


class HealthSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["ok", "unavailable"]))
    mode = fields.Enum(Mode, by_value=True, required=True)
    last_event_seq = fields.Integer()
    projection_checkpoint = fields.Integer()
    error = fields.String(metadata={"description": "Why the store could not be read"})
    bot = fields.Nested(
        BotHealthSchema,
        metadata={"description": "Absent until a bot has written its health"},
    )
