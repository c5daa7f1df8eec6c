"""GET /api/events: the query arguments and the stored event as JSON."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate

from domain.events import PAYLOAD_TYPES, StoredEvent, encode_payload
from domain.values import Source
from entrypoints.web.schemas.common import ScopeSchema, StrictSchema, limit_field, offset_field
from entrypoints.web.schemas.fields import UtcDateTime, UtcInstant
from ports.event_store import MAX_SEQ

EVENT_TYPES = tuple(sorted(PAYLOAD_TYPES))


_KNOWN_TYPE = validate.OneOf(EVENT_TYPES, error="must be a known event type like reconciled.v1")
_AT_MOST_TYPES = validate.Length(max=64, error="must be given at most 64 times")
_INSTANT = "ISO-8601 (UTC when no offset is given) or epoch milliseconds"


def _seq_bound(description: str) -> fields.Integer:
    return fields.Integer(
        load_default=None,
        validate=validate.Range(min=0, max=MAX_SEQ, error=f"must be a seq between 0 and {MAX_SEQ}"),
        metadata={"description": description},
    )


class EventQueryArgs(StrictSchema):
    """The TRD's names (event_type, from_ts, to_ts) and the shorter ones (type, from, to) mean the same (ADR 0050)."""

    type = fields.List(
        fields.String(validate=_KNOWN_TYPE),
        load_default=list,
        validate=_AT_MOST_TYPES,
        metadata={"description": "Only these event types (repeat the parameter for several)"},
    )
    event_type = fields.List(
        fields.String(validate=_KNOWN_TYPE),
        load_default=list,
        validate=_AT_MOST_TYPES,
        metadata={"description": "The TRD's name for type; both may be given, their types add up"},
    )
    from_ = UtcInstant(
        data_key="from",
        load_default=None,
        metadata={"description": f"Not before (inclusive): {_INSTANT}"},
    )
    from_ts = UtcInstant(load_default=None, metadata={"description": "The TRD's name for from"})
    to = UtcInstant(load_default=None, metadata={"description": f"Not after (inclusive): {_INSTANT}"})
    to_ts = UtcInstant(load_default=None, metadata={"description": "The TRD's name for to"})
    limit = limit_field(100, 1000)
    offset = offset_field(
        "How many matching items to skip (newest first); bounded, so page deep history with before_seq instead",
    )
    before_seq = _seq_bound("Only events with a lower seq (exclusive): the next_before_seq of the page before")
    after_seq = _seq_bound("Only events with a higher seq (exclusive): the newest seq seen, to read what is new")

    @post_load
    def _merged(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        for short, trd in (("from_", "from_ts"), ("to", "to_ts")):
            if data[short] is not None and data[trd] is not None:
                raise ValidationError(f"give either {short.rstrip('_')} or {trd}, not both", trd)
        since, until = data["from_"] or data["from_ts"], data["to"] or data["to_ts"]
        if since is not None and until is not None and since > until:
            raise ValidationError("must not be after 'to'", "from" if data["from_"] is not None else "from_ts")
        before, after = data["before_seq"], data["after_seq"]
        if before is not None and after is not None and after >= before:
            raise ValidationError("must be less than before_seq", "after_seq")
        types = tuple(dict.fromkeys([*data["type"], *data["event_type"]]))
        return {
            "types": types,
            "since": since,
            "until": until,
            "limit": data["limit"],
            "offset": data["offset"],
            "before_seq": before,
            "after_seq": after,
        }


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
    next_before_seq = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "The before_seq of the next (older) page, with the same filters; null on the last"},
    )


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
