"""Commands: requests to change state, queued in the command store and executed once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar

from domain.codec import CodecError, Record, from_record, to_record
from domain.transfers import TransferDirection
from domain.values import OrderType, Scope, Side, TimeInForce

# Lower runs first: the user overrides the strategy (PRD §4.3)
USER_PRIORITY = 50
STRATEGY_PRIORITY = 100


class CommandStatus(str, Enum):
    NEW = "NEW"
    SENT = "SENT"
    ACK = "ACK"
    FAILED = "FAILED"
    # Claimed after its expires_at: never executed (ADR 0050)
    EXPIRED = "EXPIRED"

    @property
    def is_final(self) -> bool:
        return self in (CommandStatus.ACK, CommandStatus.FAILED, CommandStatus.EXPIRED)


class ActorKind(str, Enum):
    USER = "USER"
    STRATEGY = "STRATEGY"
    SYSTEM = "SYSTEM"


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    id: str


@dataclass(frozen=True)
class CommandPayload:
    TYPE: ClassVar[str] = ""


@dataclass(frozen=True)
class PlaceOrder(CommandPayload):
    """Place one order; stop_price asks for a protective reduce-only stop after the entry."""

    TYPE = "PlaceOrder"
    side: Side
    order_type: OrderType
    quantity: Decimal
    price: Decimal | None = None
    trigger_price: Decimal | None = None
    time_in_force: TimeInForce | None = None
    reduce_only: bool = False
    close_position: bool = False
    stop_price: Decimal | None = None


@dataclass(frozen=True)
class CancelOrder(CommandPayload):
    TYPE = "CancelOrder"
    client_order_id: str
    conditional: bool = False


@dataclass(frozen=True)
class CancelAll(CommandPayload):
    """Cancel every open regular and conditional order of the symbol."""

    TYPE = "CancelAll"


@dataclass(frozen=True)
class ClosePosition(CommandPayload):
    """Cancel all open orders, then flatten with a reduce-only market order."""

    TYPE = "ClosePosition"


@dataclass(frozen=True)
class SetLeverage(CommandPayload):
    TYPE = "SetLeverage"
    leverage: int


@dataclass(frozen=True)
class PauseEngine(CommandPayload):
    TYPE = "PauseEngine"
    reason: str = ""


@dataclass(frozen=True)
class ResumeEngine(CommandPayload):
    TYPE = "ResumeEngine"


@dataclass(frozen=True)
class UpdateConfig(CommandPayload):
    TYPE = "UpdateConfig"
    key: str
    value_json: str
    expected_version: int | None = None


@dataclass(frozen=True)
class Transfer(CommandPayload):
    """Move `amount` of `asset` between the spot wallet and the futures wallet; sent once, settled by its history."""

    TYPE = "Transfer"
    direction: TransferDirection
    asset: str
    amount: Decimal


COMMAND_TYPES: dict[str, type[CommandPayload]] = {
    cls.TYPE: cls
    for cls in (
        PlaceOrder,
        CancelOrder,
        CancelAll,
        ClosePosition,
        SetLeverage,
        PauseEngine,
        ResumeEngine,
        UpdateConfig,
        Transfer,
    )
}


@dataclass(frozen=True)
class Command:
    """A queued request; the idempotency key makes a repeated submission the same command.

    expires_at: a command claimed at or after it is recorded EXPIRED instead of run; None never expires.
    """

    command_id: str
    idempotency_key: str
    priority: int
    actor: Actor
    scope: Scope
    created_at: datetime
    correlation_id: str
    payload: CommandPayload
    expires_at: datetime | None = None

    @property
    def type(self) -> str:
        return self.payload.TYPE


@dataclass(frozen=True)
class CommandRecord:
    """A command with where it stands; result/error are JSON-ready records."""

    command: Command
    status: CommandStatus
    updated_at: datetime
    result: Record | None = None
    error: str | None = None

    @property
    def claimed_late(self) -> bool:
        """Claimed (SENT, updated_at being the claim) at or after the command's expiry: it must not run."""
        expires_at = self.command.expires_at
        return self.status is CommandStatus.SENT and expires_at is not None and self.updated_at >= expires_at


def encode_command_payload(payload: CommandPayload) -> Record:
    return to_record(payload)


def decode_command_payload(type_name: str, record: dict[str, Any]) -> CommandPayload:
    try:
        cls = COMMAND_TYPES[type_name]
    except KeyError:
        raise CodecError(f"unknown command type {type_name!r}; expected one of {sorted(COMMAND_TYPES)}") from None
    return from_record(cls, record)
