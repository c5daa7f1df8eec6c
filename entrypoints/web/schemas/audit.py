"""GET /api/audit: the query arguments and an audit entry as JSON."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate

from entrypoints.web.schemas.common import StrictSchema, limit_field
from entrypoints.web.schemas.fields import UtcDateTime, UtcInstant
from ports.audit_log import MAX_FIELD_LENGTH, MAX_PAGE, AuditRecord

_INSTANT = "ISO-8601 (UTC when no offset is given) or epoch milliseconds"


class AuditQueryArgs(StrictSchema):
    user = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=MAX_FIELD_LENGTH),
        metadata={"description": "Only this user's entries (the exact name; for a failed login, the name tried)"},
    )
    from_ = UtcInstant(data_key="from", load_default=None, metadata={"description": f"Not before: {_INSTANT}"})
    to = UtcInstant(load_default=None, metadata={"description": f"Not after (inclusive): {_INSTANT}"})
    limit = limit_field(100, MAX_PAGE)
    before_id = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1, max=2**63 - 1, error="must be an entry id of at least 1"),
        metadata={"description": "Only entries with a lower id: the next_before_id of the page before"},
    )

    @post_load
    def _query(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        since, until = data["from_"], data["to"]
        if since is not None and until is not None and since > until:
            raise ValidationError("must not be after 'to'", "from")
        return {
            "user": data["user"],
            "since": since,
            "until": until,
            "before_id": data["before_id"],
            "limit": data["limit"],
        }


class AuditEntrySchema(Schema):
    id = fields.Integer(required=True, metadata={"description": "Ascends in the order entries were recorded"})
    at = UtcDateTime(required=True)
    user = fields.String(required=True, metadata={"description": "Empty when nobody is known"})
    role = fields.String(required=True, metadata={"description": "The user's role then; empty when unknown"})
    credential = fields.String(required=True, metadata={"description": "session:<jti>, key:<key_id> or anonymous"})
    client = fields.String(required=True, metadata={"description": "The real client address (ADR 0073)"})
    action = fields.String(required=True, metadata={"description": "login, logout, or METHOD path [command type]"})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status answered"})
    outcome = fields.String(required=True, metadata={"description": "ok, refused: <reason> or failed: <reason>"})
    detail = fields.String(required=True, metadata={"description": "The command queued or section stored, if any"})


class AuditPageSchema(Schema):
    entries = fields.List(fields.Nested(AuditEntrySchema), required=True)
    limit = fields.Integer(required=True)
    next_before_id = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "The before_id of the next (older) page, with the same filters; null on the last"},
    )


def audit_view(record: AuditRecord) -> dict[str, Any]:
    """The attributes AuditEntrySchema dumps, from a stored entry."""
    return {"id": record.id, **vars(record.entry)}
