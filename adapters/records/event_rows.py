"""An Event as one event_store row, and back; an event that would not read back is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from adapters.records.checks import check_storable
from adapters.records.json_text import canonical_record_json, load_json
from adapters.records.scope_columns import scope_columns, scope_from_columns
from domain.codec import utc_instant_text, vouched_record
from domain.events import Event, StoredEvent, decode_payload, encode_payload
from domain.events.registry import PAYLOAD_TYPES
from domain.text import shown
from domain.times import parse_utc
from domain.values import Scope, Source
from ports.errors import EventUnfoldable


class EventRow(NamedTuple):
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
        return tuple(self)


EVENT_COLUMNS = EventRow._fields


def event_to_row(event: Event) -> EventRow:
    """Encode an event; raises ValueError (CodecError) if it would not decode back exactly."""
    return checked_row(event)[0]


def stored_form(event: Event) -> Event:
    """The event as the log gives it back (what the in-memory log keeps), decoded at most once."""
    row, read_back = checked_row(event)
    return read_back if read_back is not None else event_from_row(0, row).event


def checked_row(event: Event) -> tuple[EventRow, Event | None]:
    """The event's row, and the event the read-back check decoded from it (None: its types vouched, nothing decoded)."""
    vouched = _vouched_payload(event)
    record = encode_payload(event.payload) if vouched is None else vouched
    # The payload JSON escapes a lone surrogate, so the log would take it; a projection's text column would not
    if not _all_ascii(event, record):
        check_storable(f"event {event.type}", _text_fields(event, record))
    row = EventRow(
        event_id=event.event_id,
        event_type=event.type,
        ts=utc_instant_text(event.ts),
        correlation_id=event.correlation_id,
        causation_id=event.causation_id,
        **scope_columns(event.scope),
        source=event.source.value if type(event.source) is Source else Source(event.source).value,
        dedup_key=event.dedup_key,
        payload_json=canonical_record_json(record, f"payload of event {event.event_id!r}"),
    )
    # An append-only log keeps a poison row forever, so refuse anything that would not read back
    if vouched is None or not _reads_back_by_type(event.ts):
        return row, event_from_row(0, row).event
    return row, None


def _all_ascii(event: Event, record: dict[str, Any]) -> bool:
    # One join and one scan: this runs for every event appended
    scope = event.scope
    envelope = (
        event.event_id,
        event.correlation_id,
        event.causation_id,
        event.dedup_key,
        scope.account_id,
        scope.symbol,
        scope.exchange,
        scope.venue,
    )
    return "".join([value for value in (*record.values(), *envelope) if type(value) is str]).isascii()


def _text_fields(event: Event, record: dict[str, Any]) -> list[tuple[str, Any]]:
    scope = event.scope
    return [
        ("event_id", event.event_id),
        ("correlation_id", event.correlation_id),
        ("causation_id", event.causation_id),
        ("dedup_key", event.dedup_key),
        ("scope.account_id", scope.account_id),
        ("scope.symbol", scope.symbol),
        ("scope.exchange", scope.exchange),
        ("scope.venue", scope.venue),
        *((f"payload.{name}", value) for name, value in record.items()),
    ]


def event_from_row(seq: int, row: EventRow | tuple[Any, ...]) -> StoredEvent:
    """Decode one row; a plain tuple of the columns in EVENT_COLUMNS order will do (replays skip building EventRows)."""
    (
        event_id,
        event_type,
        ts,
        correlation_id,
        causation_id,
        exchange,
        venue,
        account_id,
        symbol,
        mode,
        source,
        dedup_key,
        payload_json,
    ) = row
    event = Event(
        event_id=event_id,
        ts=parse_utc(ts),
        scope=_scope(exchange, venue, account_id, symbol, mode),
        source=_SOURCES.get(source) or Source(source),
        dedup_key=dedup_key,
        correlation_id=correlation_id,
        causation_id=causation_id,
        payload=decode_payload(event_type, load_json(payload_json)),
    )
    return StoredEvent(seq=seq, event=event)


def stored_events(rows: list[tuple[Any, ...]]) -> list[StoredEvent]:
    """Decode (seq, *columns) rows; a row that does not decode raises EventUnfoldable naming its seq and type."""
    try:
        return [event_from_row(row[0], row[1:]) for row in rows]
    except (ValueError, TypeError, KeyError):
        # Only now look for the culprit row: the happy path of a replay pays nothing for it
        for row in rows:
            try:
                event_from_row(row[0], row[1:])
            except (ValueError, TypeError, KeyError) as exc:
                raise EventUnfoldable(row[0], shown(str(row[2])), shown(f"{type(exc).__name__}: {exc}")) from exc
        raise


def _vouched_payload(event: Event) -> dict[str, Any] | None:
    """The payload's record when its field types prove the full decode would give it back (see domain.codec)."""
    payload = event.payload
    if PAYLOAD_TYPES.get(payload.TYPE) is not type(payload):
        return None
    # A record of str, int, bool and None only survives canonical JSON unchanged, so the JSON step needs no check
    return vouched_record(payload)


def _reads_back_by_type(moment: datetime) -> bool:
    return type(moment) is datetime and moment.tzinfo is UTC and moment.year >= 1000


_SOURCES = {source.value: source for source in Source}


@lru_cache(maxsize=1024)
def _scope(exchange: str, venue: str, account_id: str, symbol: str, mode: str) -> Scope:
    # Scopes are frozen and few: replays share one instance per scope instead of building one per event
    return scope_from_columns(exchange, venue, account_id, symbol, mode)
