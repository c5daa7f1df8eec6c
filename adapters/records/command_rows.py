"""A Command as one command_store row and back, the status life cycle, and order-link validation."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from adapters.records.checks import check_storable
from adapters.records.json_text import canonical_json, load_json
from adapters.records.scope_columns import SCOPE_COLUMNS, scope_columns, scope_from_columns
from domain.codec import Record
from domain.commands import (
    Actor,
    ActorKind,
    Command,
    CommandRecord,
    CommandStatus,
    decode_command_payload,
    encode_command_payload,
)
from domain.times import format_utc, parse_utc
from ports.command_store import OrderLink
from ports.errors import CommandTransitionError, IdempotencyConflict, StorageError

# Which statuses each target status may be reached from (NEW → SENT → ACK | FAILED | EXPIRED; NEW → FAILED, EXPIRED)
_REACHABLE_FROM = {
    CommandStatus.SENT: (CommandStatus.NEW,),
    CommandStatus.ACK: (CommandStatus.SENT,),
    CommandStatus.FAILED: (CommandStatus.NEW, CommandStatus.SENT),
    CommandStatus.EXPIRED: (CommandStatus.NEW, CommandStatus.SENT),
}


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
    "expires_at",
)


def command_to_row(command: Command, now: str) -> dict[str, Any]:
    """Encode a NEW command as command_store columns; raises ValueError if it would not decode back exactly."""
    if isinstance(command.priority, bool) or not isinstance(command.priority, int):
        raise ValueError(f"command {command.command_id!r}: priority must be an int, got {command.priority!r}")
    payload = encode_command_payload(command.payload)
    row = {
        "command_id": command.command_id,
        "idempotency_key": command.idempotency_key,
        "command_type": command.type,
        "priority": command.priority,
        "actor_kind": ActorKind(command.actor.kind).value,
        "actor_id": command.actor.id,
        **scope_columns(command.scope),
        "created_at": format_utc(command.created_at),
        "correlation_id": command.correlation_id,
        "payload_json": canonical_json(payload, f"command {command.command_id!r}"),
        "status": CommandStatus.NEW.value,
        "result_json": None,
        "last_error": None,
        "updated_at": now,
        "expires_at": None if command.expires_at is None else format_utc(command.expires_at),
    }
    # The bot would fold this text into its events: refuse it here, where the sender still hears why
    check_storable(f"command {command.type}", [*row.items(), *((f"payload.{k}", v) for k, v in payload.items())])
    command_from_row(row)
    return row


def command_from_row(row: dict[str, Any]) -> CommandRecord:
    command = Command(
        command_id=row["command_id"],
        idempotency_key=row["idempotency_key"],
        priority=row["priority"],
        actor=Actor(ActorKind(row["actor_kind"]), row["actor_id"]),
        scope=scope_from_columns(*(row[column] for column in SCOPE_COLUMNS)),
        created_at=parse_utc(row["created_at"]),
        correlation_id=row["correlation_id"],
        payload=decode_command_payload(row["command_type"], load_json(row["payload_json"])),
        expires_at=None if row["expires_at"] is None else parse_utc(row["expires_at"]),
    )
    result = row["result_json"]
    return CommandRecord(
        command=command,
        status=CommandStatus(row["status"]),
        updated_at=parse_utc(row["updated_at"]),
        result=None if result is None else load_json(result),
        error=row["last_error"],
    )


def check_same_request(stored: Command, wanted: Command) -> None:
    """Raise IdempotencyConflict unless the stored command asks what `wanted` asks (ids and times aside)."""
    asks = (stored.idempotency_key, stored.priority, stored.actor, stored.scope, stored.payload)
    if asks != (wanted.idempotency_key, wanted.priority, wanted.actor, wanted.scope, wanted.payload):
        raise IdempotencyConflict(wanted.idempotency_key, stored.command_id, stored.type, wanted.type)


def result_text(command_id: str, result: Record) -> str:
    """The stored text of an ACK result, which must be a JSON-ready dict."""
    if not isinstance(result, dict):
        raise ValueError(f"command {command_id!r}: result must be a JSON-ready dict, got {result!r}")
    return canonical_json(result, f"result of command {command_id!r}")


def error_text(command_id: str, error: str) -> str:
    if not isinstance(error, str):
        raise ValueError(f"command {command_id!r}: error must be a string, got {error!r}")
    return error


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


def check_unplaced(link: OrderLink) -> None:
    """An intent may be forgotten only while no exchange order is known for it."""
    if link.exchange_order_id is not None:
        raise StorageError(
            f"client order id {link.client_order_id!r} is placed as exchange order "
            f"{link.exchange_order_id}; it cannot be unlinked"
        )


def check_exchange_order_id(value: int | None, *, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"an exchange order id must be an int, got {value!r}")
