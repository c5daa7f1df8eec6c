"""An Event as one event_store row, and back; an event that would not read back is refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.records.json_text import canonical_json, load_json
from adapters.records.scope_columns import SCOPE_COLUMNS, scope_columns, scope_from_columns
from domain.codec import format_utc, parse_utc
from domain.events import Event, StoredEvent, decode_payload, encode_payload
from domain.values import Source


@dataclass(frozen=True)
class EventRow:
    """One event_store row without its seq, in column order."""

    event_id: str
    event_type: str
    ts: str
    correlation_id: str
    causation_id: str | None
    scope_exchange: str
    scope_venue: str
    scope_account_id: str
    scope_symbol: str
    scope_mode: str
    source: str
    dedup_key: str
    payload_json: str

    def values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in EVENT_COLUMNS)

EVENT_COLUMNS = tuple(EventRow.__dataclass_fields__)

def event_to_row(event: Event) -> EventRow:
    """Encode an event; raises ValueError (CodecError) if it would not decode back exactly."""
    row = EventRow(
        event_id=event.event_id,
        event_type=event.type,
        ts=format_utc(event.ts),
        correlation_id=event.correlation_id,
        causation_id=event.causation_id,
        **scope_columns(event.scope),
        source=Source(event.source).value,
        dedup_key=event.dedup_key,
        payload_json=canonical_json(encode_payload(event.payload), f"payload of event {event.event_id!r}"),
    )
    # An append-only log keeps a poison row forever, so refuse anything that would not read back
    event_from_row(0, row)
    return row

def event_from_row(seq: int, row: EventRow) -> StoredEvent:
    event = Event(
        event_id=row.event_id,
        ts=parse_utc(row.ts),
        scope=scope_from_columns(*(getattr(row, column) for column in SCOPE_COLUMNS)),
        source=Source(row.source),
        dedup_key=row.dedup_key,
        correlation_id=row.correlation_id,
        causation_id=row.causation_id,
        payload=decode_payload(row.event_type, load_json(row.payload_json)),
    )
    return StoredEvent(seq=seq, event=event)
