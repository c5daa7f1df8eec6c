"""GET /api/events: the query arguments and the stored event as JSON."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from domain.events import PAYLOAD_TYPES, StoredEvent, encode_payload
from domain.values import Source
from entrypoints.web.schemas.common import ScopeSchema, StrictSchema, limit_field, offset_field
from entrypoints.web.schemas.fields import UtcDateTime

EVENT_TYPES = tuple(sorted(PAYLOAD_TYPES))


class EventQueryArgs(StrictSchema):
    type = fields.List(
        fields.String(validate=validate.OneOf(EVENT_TYPES, error="must be a known event type like reconciled.v1")),
        load_default=list,
        metadata={"description": "Only these event types (repeat the parameter for several)"},
    )
    from_ = UtcDateTime(data_key="from", load_default=None, metadata={"description": "Not before (inclusive)"})
    to = UtcDateTime(load_default=None, metadata={"description": "Not after (inclusive)"})
    limit = limit_field(100, 1000)
    offset = offset_field()

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        if data["from_"] is not None and data["to"] is not None and data["from_"] > data["to"]:
            raise ValidationError("must not be after 'to'", "from")


class EventSchema(Schema):
    seq = fields.Integer(required=True, metadata={"description": "Position in the global event order"})
    event_id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    ts = UtcDateTime(required=True)
    scope = fields.Nested(ScopeSchema, required=True)
    source = fields.Enum(Source, by_value=True, required=True)
    dedup_key = fields.String(required=True)
    correlation_id = fields.String(required=True)
    causation_id = fields.String(required=True, allow_none=True)
    payload = fields.Dict(keys=fields.String(), required=True, metadata={"description": "The payload, by type"})


class EventPageSchema(Schema):
    events = fields.List(fields.Nested(EventSchema), required=True)
    limit = fields.Integer(required=True)
    offset = fields.Integer(required=True)


def event_view(stored: StoredEvent) -> dict[str, Any]:
    """The attributes EventSchema dumps, from a stored event."""
    event = stored.event
    return {
        "seq": stored.seq,
        "event_id": event.event_id,
        "type": event.type,
        "ts": event.ts,
        "scope": event.scope,
        "source": event.source,
        "dedup_key": event.dedup_key,
        "correlation_id": event.correlation_id,
        "causation_id": event.causation_id,
        "payload": encode_payload(event.payload),
    }
