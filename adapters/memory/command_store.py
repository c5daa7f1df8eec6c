"""The command queue and its order intents kept in process memory, with the SQLite store's rules."""

from __future__ import annotations

import builtins  # the store's method `list` hides the builtin in the annotations after it
import threading
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from adapters.records.checks import check_count
from adapters.records.command_rows import (
    check_exchange_order_id,
    check_same_request,
    check_unplaced,
    command_from_row,
    command_to_row,
    error_text,
    normalised_link,
    result_text,
    transition_applies,
)
from domain.codec import Record
from domain.commands import Command, CommandRecord, CommandStatus
from domain.decisions import DecisionBasis
from domain.times import epoch_ms, format_utc, from_epoch_ms
from ports.command_store import CommandStore, OrderLink
from ports.errors import CommandNotFound, StorageError


class InMemoryCommandStore(CommandStore):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Rows in insertion order, as the SQLite columns; decoded afresh on every read so callers own what they get
        self._rows: dict[str, dict[str, Any]] = {}
        self._by_idempotency_key: dict[str, str] = {}
        self._links: dict[str, OrderLink] = {}
        self._decided: dict[DecisionBasis, datetime] = {}

    def insert(self, command: Command, now: datetime) -> tuple[CommandRecord, bool]:
        row = command_to_row(command, format_utc(now))
        with self._lock:
            return self._insert(command, row)

    def record_decision(
        self, basis: DecisionBasis, kline_open: datetime, commands: Sequence[Command], now: datetime
    ) -> list[CommandRecord]:
        stamp = format_utc(now)
        rows = [command_to_row(command, stamp) for command in commands]
        with self._lock:
            # All or nothing, as the SQLite transaction: a refusal puts the queue back as it was
            saved_rows, saved_keys = dict(self._rows), dict(self._by_idempotency_key)
            try:
                records = [self._insert_same(command, row) for command, row in zip(commands, rows, strict=True)]
            except Exception:
                self._rows, self._by_idempotency_key = saved_rows, saved_keys
                raise
            # Kept as SQLite keeps it: whole milliseconds, UTC
            kline_open, decided = from_epoch_ms(epoch_ms(kline_open)), self._decided.get(basis)
            self._decided[basis] = kline_open if decided is None else max(decided, kline_open)
        return records

    def decided_kline(self, basis: DecisionBasis) -> datetime | None:
        with self._lock:
            return self._decided.get(basis)

    def get(self, command_id: str) -> CommandRecord | None:
        with self._lock:
            row = self._rows.get(command_id)
        return None if row is None else command_from_row(row)

    def claim_next(self, now: datetime) -> CommandRecord | None:
        stamp = format_utc(now)
        with self._lock:
            # Dicts keep insertion order, so the enumerate index is the insertion tie-breaker
            queue = [
                (row["priority"], row["created_at"], index, key)
                for index, (key, row) in enumerate(self._rows.items())
                if row["status"] == CommandStatus.NEW.value
            ]
            if not queue:
                return None
            command_id = min(queue)[3]
            sent = {"status": CommandStatus.SENT.value, "updated_at": stamp}
            row = self._rows[command_id] = {**self._rows[command_id], **sent}
        return command_from_row(row)

    def mark_acked(self, command_id: str, result: Record, now: datetime) -> CommandRecord:
        return self._move(command_id, CommandStatus.ACK, now, "result_json", result_text(command_id, result))

    def mark_failed(self, command_id: str, error: str, now: datetime) -> CommandRecord:
        return self._move(command_id, CommandStatus.FAILED, now, "last_error", error_text(command_id, error))

    def mark_expired(self, command_id: str, why: str, now: datetime) -> CommandRecord:
        return self._move(command_id, CommandStatus.EXPIRED, now, "last_error", error_text(command_id, why))

    def list(self, status: CommandStatus | None = None, limit: int = 100, offset: int = 0) -> list[CommandRecord]:
        check_count("limit", limit)
        check_count("offset", offset)
        wanted = None if status is None else CommandStatus(status).value
        with self._lock:
            rows = [
                (row["created_at"], index, row)
                for index, row in enumerate(self._rows.values())
                if wanted is None or row["status"] == wanted
            ]
        rows.sort(key=lambda item: item[:2], reverse=True)
        return [command_from_row(row) for _, _, row in rows[offset : offset + limit]]

    def link_order(self, link: OrderLink) -> OrderLink:
        link = normalised_link(link)
        with self._lock:
            stored = self._links.get(link.client_order_id)
            if stored is not None:
                return stored
            if link.command_id not in self._rows:
                raise CommandNotFound(link.command_id)
            same_leg = (o for o in self._links.values() if (o.command_id, o.leg) == (link.command_id, link.leg))
            other = next(same_leg, None)
            if other is not None:
                raise StorageError(
                    f"command {link.command_id!r} already links leg {link.leg!r} "
                    f"to client order id {other.client_order_id!r}",
                )
            self._links[link.client_order_id] = link
        return link

    def set_exchange_order_id(self, client_order_id: str, exchange_order_id: int) -> OrderLink:
        check_exchange_order_id(exchange_order_id)
        with self._lock:
            link = self._links.get(client_order_id)
            if link is None:
                raise StorageError(f"no order link with client order id {client_order_id!r}")
            if link.exchange_order_id == exchange_order_id:
                return link
            if link.exchange_order_id is not None:
                raise StorageError(
                    f"client order id {client_order_id!r} is linked to exchange order {link.exchange_order_id}, "
                    f"not {exchange_order_id}",
                )
            link = self._links[client_order_id] = replace(link, exchange_order_id=exchange_order_id)
        return link

    def unlink_order(self, client_order_id: str) -> None:
        with self._lock:
            link = self._links.get(client_order_id)
            if link is not None:
                check_unplaced(link)
                del self._links[client_order_id]

    def order_link(self, client_order_id: str) -> OrderLink | None:
        with self._lock:
            return self._links.get(client_order_id)

    def order_links(self, command_id: str) -> builtins.list[OrderLink]:
        with self._lock:
            return [link for link in self._links.values() if link.command_id == command_id]

    def _insert(self, command: Command, row: dict[str, Any]) -> tuple[CommandRecord, bool]:
        existing = self._by_idempotency_key.get(command.idempotency_key)
        if existing is not None:
            return command_from_row(self._rows[existing]), False
        if command.command_id in self._rows:
            raise StorageError(f"command id {command.command_id!r} already exists under another idempotency key")
        self._rows[command.command_id] = row
        self._by_idempotency_key[command.idempotency_key] = command.command_id
        return command_from_row(row), True

    def _insert_same(self, command: Command, row: dict[str, Any]) -> CommandRecord:
        record, created = self._insert(command, row)
        if not created:
            check_same_request(record.command, command)
        return record

    def _move(self, command_id: str, wanted: CommandStatus, now: datetime, column: str, value: str) -> CommandRecord:
        with self._lock:
            row = self._rows.get(command_id)
            if row is None:
                raise CommandNotFound(command_id)
            if transition_applies(command_id, CommandStatus(row["status"]), wanted):
                change = {"status": wanted.value, "updated_at": format_utc(now), column: value}
                row = self._rows[command_id] = {**row, **change}
        return command_from_row(row)
