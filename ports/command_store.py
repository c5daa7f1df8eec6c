"""The queue of commands and the command ↔ client order id ↔ exchange order id map."""

from __future__ import annotations

import builtins  # the store's method `list` hides the builtin in the annotations after it
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.codec import Record
from domain.commands import Command, CommandRecord, CommandStatus
from domain.decisions import DecisionBasis


@dataclass(frozen=True)
class OrderLink:
    """The durable intent: which client order id a command's leg uses, and the exchange id once known."""

    command_id: str
    leg: str
    client_order_id: str
    conditional: bool
    exchange_order_id: int | None
    created_at: datetime


class CommandStore(ABC):
    @abstractmethod
    def insert(self, command: Command, now: datetime) -> tuple[CommandRecord, bool]:
        """Store a NEW command; idempotent on idempotency_key: returns (existing record, False) on a repeat."""

    @abstractmethod
    def record_decision(
        self, basis: DecisionBasis, kline_open: datetime, commands: Sequence[Command], now: datetime
    ) -> list[CommandRecord]:
        """Store the commands and mark the kline decided, all or nothing; IdempotencyConflict on a reused key."""

    @abstractmethod
    def decided_kline(self, basis: DecisionBasis) -> datetime | None:
        """Return the open time (to the millisecond) of the newest kline recorded as decided for basis, or None."""

    @abstractmethod
    def get(self, command_id: str) -> CommandRecord | None:
        """Return the command and its status, or None."""

    @abstractmethod
    def claim_next(self, now: datetime) -> CommandRecord | None:
        """Atomically move the next NEW command to SENT: lowest priority value first, then oldest; None if none."""

    @abstractmethod
    def mark_acked(self, command_id: str, result: Record, now: datetime) -> CommandRecord:
        """SENT → ACK with its result; a repeat is a no-op. Raises CommandTransitionError, CommandNotFound."""

    @abstractmethod
    def mark_failed(self, command_id: str, error: str, now: datetime) -> CommandRecord:
        """NEW or SENT → FAILED with its error; a repeat is a no-op. Raises CommandTransitionError, CommandNotFound."""

    @abstractmethod
    def mark_expired(self, command_id: str, why: str, now: datetime) -> CommandRecord:
        """NEW or SENT → EXPIRED, why as error; repeats are no-ops. Raises CommandTransitionError, CommandNotFound."""

    @abstractmethod
    def list(self, status: CommandStatus | None = None, limit: int = 100, offset: int = 0) -> list[CommandRecord]:
        """Return commands newest first, optionally only those in `status`."""

    @abstractmethod
    def link_order(self, link: OrderLink) -> OrderLink:
        """Record an intent before its request is sent; idempotent on client_order_id (returns the stored link)."""

    @abstractmethod
    def set_exchange_order_id(self, client_order_id: str, exchange_order_id: int) -> OrderLink:
        """Attach the exchange's id to a linked intent; a different id than one already set raises StorageError."""

    @abstractmethod
    def unlink_order(self, client_order_id: str) -> None:
        """Forget an intent whose send was refused before it executed; no-op if absent; StorageError once placed."""

    @abstractmethod
    def order_link(self, client_order_id: str) -> OrderLink | None:
        """Return the intent that minted this client order id, or None (an external order)."""

    @abstractmethod
    def order_links(self, command_id: str) -> builtins.list[OrderLink]:
        """Return a command's intents in the order they were recorded."""
