"""Stored-row encoding and input checks shared by the SQLite and in-memory stores (they must behave alike)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from domain.codec import format_utc, parse_utc
from domain.commands import (
    Actor,
    ActorKind,
    Command,
    CommandRecord,
    CommandStatus,
    decode_command_payload,
    encode_command_payload,
)
from domain.events import Event, StoredEvent, decode_payload, encode_payload
from domain.projections.rows import ROW_TYPES
from domain.projections.state import ProjectionState, RowChange
from domain.values import Mode, Scope, Source
from ports.command_store import OrderLink
from ports.errors import CommandTransitionError
from ports.event_store import EventQuery

# Which statuses each target status may be reached from (NEW → SENT → ACK | FAILED; NEW → FAILED)
_REACHABLE_FROM = {
    CommandStatus.SENT: (CommandStatus.NEW,),
    CommandStatus.ACK: (CommandStatus.SENT,),
    CommandStatus.FAILED: (CommandStatus.NEW, CommandStatus.SENT),
}
_SCOPE_COLUMNS = ("scope_exchange", "scope_venue", "scope_account_id", "scope_symbol", "scope_mode")


def canonical_json(value: Any, what: str) -> str:
    """Serialise to one canonical text (sorted keys, no spaces); Decimals become strings, never floats."""
    try:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False, default=_decimal_as_text)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} is not JSON-ready: {exc}") from exc


def load_json(text: str) -> Any:
    """Parse stored JSON into fresh objects (callers may mutate them freely)."""
    return json.loads(text)


def _decimal_as_text(value: Any) -> str:
    if isinstance(value, Decimal) and value.is_finite():
        return str(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable: {value!r}")


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
        **_scope_columns(event.scope),
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
        scope=_scope(*(getattr(row, column) for column in _SCOPE_COLUMNS)),
        source=Source(row.source),
        dedup_key=row.dedup_key,
        correlation_id=row.correlation_id,
        causation_id=row.causation_id,
        payload=decode_payload(row.event_type, load_json(row.payload_json)),
    )
    return StoredEvent(seq=seq, event=event)


COMMAND_COLUMNS = (
    "command_id",
    "idempotency_key",
    "command_type",
    "priority",
    "actor_kind",
    "actor_id",
    "scope_exchange",
    "scope_venue",
    "scope_account_id",
    "scope_symbol",
    "scope_mode",
    "created_at",
    "correlation_id",
    "payload_json",
    "status",
    "result_json",
    "last_error",
    "updated_at",
)


def command_to_row(command: Command, now: str) -> dict[str, Any]:
    """Encode a NEW command as command_store columns; raises ValueError if it would not decode back exactly."""
    if isinstance(command.priority, bool) or not isinstance(command.priority, int):
        raise ValueError(f"command {command.command_id!r}: priority must be an int, got {command.priority!r}")
    row = {
        "command_id": command.command_id,
        "idempotency_key": command.idempotency_key,
        "command_type": command.type,
        "priority": command.priority,
        "actor_kind": ActorKind(command.actor.kind).value,
        "actor_id": command.actor.id,
        **_scope_columns(command.scope),
        "created_at": format_utc(command.created_at),
        "correlation_id": command.correlation_id,
        "payload_json": canonical_json(encode_command_payload(command.payload), f"command {command.command_id!r}"),
        "status": CommandStatus.NEW.value,
        "result_json": None,
        "last_error": None,
        "updated_at": now,
    }
    command_from_row(row)
    return row


def command_from_row(row: dict[str, Any]) -> CommandRecord:
    command = Command(
        command_id=row["command_id"],
        idempotency_key=row["idempotency_key"],
        priority=row["priority"],
        actor=Actor(ActorKind(row["actor_kind"]), row["actor_id"]),
        scope=_scope(*(row[column] for column in _SCOPE_COLUMNS)),
        created_at=parse_utc(row["created_at"]),
        correlation_id=row["correlation_id"],
        payload=decode_command_payload(row["command_type"], load_json(row["payload_json"])),
    )
    result = row["result_json"]
    return CommandRecord(
        command=command,
        status=CommandStatus(row["status"]),
        updated_at=parse_utc(row["updated_at"]),
        result=None if result is None else load_json(result),
        error=row["last_error"],
    )


def transition_applies(command_id: str, current: CommandStatus, wanted: CommandStatus) -> bool:
    """True if `current` may move to `wanted`; False if it is already there (a repeat is a no-op); else raise."""
    if current is wanted:
        return False
    if current not in _REACHABLE_FROM[wanted]:
        raise CommandTransitionError(command_id, current.value, wanted.value)
    return True


def normalised_link(link: OrderLink) -> OrderLink:
    """Validate an order link and return it as it reads back from storage (UTC time)."""
    if not link.client_order_id or not link.leg:
        raise ValueError(f"order link needs a client order id and a leg, got {link!r}")
    if not isinstance(link.conditional, bool):
        raise ValueError(f"order link {link.client_order_id!r}: conditional must be a bool, got {link.conditional!r}")
    check_exchange_order_id(link.exchange_order_id, allow_none=True)
    return replace(link, created_at=parse_utc(format_utc(link.created_at)))


def check_exchange_order_id(value: int | None, *, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"an exchange order id must be an int, got {value!r}")


def check_config_write(key: str, expected_version: int | None, updated_by: str) -> None:
    if not isinstance(key, str) or not key:
        raise ValueError(f"a config key must be a non-empty string, got {key!r}")
    if expected_version is not None and (
        isinstance(expected_version, bool) or not isinstance(expected_version, int) or expected_version < 0
    ):
        raise ValueError(f"config {key!r}: expected_version must be None or an int >= 0, got {expected_version!r}")
    if not isinstance(updated_by, str) or not updated_by:
        raise ValueError(f"config {key!r}: updated_by must name who writes it, got {updated_by!r}")


def check_row_change(change: RowChange) -> None:
    """Refuse a change that names an unknown table, carries the wrong row type, or files a row under another key."""
    row_type = ROW_TYPES.get(change.table)
    if row_type is None:
        raise ValueError(f"unknown projection table {change.table!r}; expected one of {sorted(ROW_TYPES)}")
    if change.row is None:
        return
    if type(change.row) is not row_type:
        raise ValueError(f"table {change.table!r} holds {row_type.__name__} rows, not {type(change.row).__name__}")
    if change.row.key != change.key:
        raise ValueError(f"table {change.table!r}: change key {change.key!r} is not the row's key {change.row.key!r}")


def state_changes(state: ProjectionState) -> list[RowChange]:
    """Every row of a state as upserts, validated, in table then key order."""
    changes = [RowChange(table, key, row) for table, rows in state.tables.items() for key, row in sorted(rows.items())]
    for change in changes:
        check_row_change(change)
    return changes


def check_checkpoint(checkpoint: int) -> None:
    if isinstance(checkpoint, bool) or not isinstance(checkpoint, int) or checkpoint < 0:
        raise ValueError(f"a projection checkpoint must be an event seq (int >= 0), got {checkpoint!r}")


def check_count(name: str, value: int) -> None:
    """Refuse a negative or non-int limit/offset (SQLite would read a negative LIMIT as "no limit")."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be an int >= 0, got {value!r}")


def check_event_query(query: EventQuery) -> None:
    if isinstance(query.types, str):
        raise ValueError(f"EventQuery.types must be a tuple of type names, not the string {query.types!r}")
    check_count("limit", query.limit)
    check_count("offset", query.offset)


def _scope_columns(scope: Scope) -> dict[str, str]:
    return {
        "scope_exchange": scope.exchange,
        "scope_venue": scope.venue,
        "scope_account_id": scope.account_id,
        "scope_symbol": scope.symbol,
        "scope_mode": Mode(scope.mode).value,
    }


def _scope(exchange: str, venue: str, account_id: str, symbol: str, mode: str) -> Scope:
    return Scope(exchange=exchange, venue=venue, account_id=account_id, symbol=symbol, mode=Mode(mode))

