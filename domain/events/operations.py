"""Facts about the bot's own operation: reconciliation, risk, configuration, the engine state, commands, errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from domain.events.envelope import EventPayload
from domain.values import EngineState


@dataclass(frozen=True)
class DriftDetected(EventPayload):
    """Local state disagreed with the exchange after all missing facts were appended."""

    TYPE = "drift.detected.v1"
    entity: str
    key: str
    field: str
    local: str
    exchange: str


@dataclass(frozen=True)
class Reconciled(EventPayload):
    TYPE = "reconciled.v1"
    appended: int
    drifts: int


@dataclass(frozen=True)
class RiskGuardRejected(EventPayload):
    """An order was not sent; value breached limit (both in quote currency)."""

    TYPE = "risk.guard_rejected.v1"
    rule: str
    reason: str
    value: Decimal
    limit: Decimal
    equity: Decimal
    command_id: str | None


@dataclass(frozen=True)
class ConfigChanged(EventPayload):
    TYPE = "config.changed.v1"
    key: str
    version: int
    value_json: str
    updated_by: str

    def natural_key(self) -> str:
        return f"config:{self.key}:{self.version}"


@dataclass(frozen=True)
class EngineStateChanged(EventPayload):
    TYPE = "engine.state_changed.v1"
    state: EngineState
    reason: str
    command_id: str | None


@dataclass(frozen=True)
class CommandFailed(EventPayload):
    TYPE = "command.failed.v1"
    command_id: str
    command_type: str
    error: str

    def natural_key(self) -> str:
        return f"command.failed:{self.command_id}"


@dataclass(frozen=True)
class CommandExpired(EventPayload):
    """A command claimed at or after its expiry: recorded EXPIRED, never executed (ADR 0050)."""

    TYPE = "command.expired.v1"
    command_id: str
    command_type: str
    expires_at: datetime
    claimed_at: datetime

    def natural_key(self) -> str:
        return f"command.expired:{self.command_id}"


@dataclass(frozen=True)
class ExchangeErrorRecorded(EventPayload):
    """An exchange error or an unreadable payload, kept with its raw text; processing went on."""

    TYPE = "exchange.error_recorded.v1"
    operation: str
    code: int | None
    message: str
    raw: str
