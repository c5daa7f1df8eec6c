"""The command queue (command_store) and the order intents it minted (command_to_exchange)."""

from __future__ import annotations

import builtins  # the store's method `list` hides the builtin in the annotations after it
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import apsw

from adapters.records.checks import check_count
from adapters.records.command_rows import (
    COMMAND_COLUMNS,
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
from adapters.sqlite.transactions import fetch_all, write_transaction
from domain.codec import Record
from domain.commands import Command, CommandRecord, CommandStatus
from domain.decisions import DecisionBasis
from domain.times import epoch_ms, format_utc, from_epoch_ms, parse_utc
from ports.command_store import CommandStore, OrderLink
from ports.errors import CommandNotFound, StorageError

_COLUMNS = ", ".join(COMMAND_COLUMNS)
_SELECT = f"SELECT {_COLUMNS} FROM command_store"
_INSERT = (
    f"INSERT INTO command_store ({_COLUMNS}, insertion_seq) "
    f"VALUES ({', '.join(':' + c for c in COMMAND_COLUMNS)}, "
    "(SELECT coalesce(max(insertion_seq), 0) + 1 FROM command_store))"
)
_CLAIM = (
    "UPDATE command_store SET status = 'SENT', updated_at = ? WHERE command_id = ("
    "SELECT command_id FROM command_store WHERE status = 'NEW' "
    f"ORDER BY priority, created_at, insertion_seq LIMIT 1) RETURNING {_COLUMNS}"
)
# A strategy's last decided kline is a checkpoint of its kline stream: the kline's open time in epoch ms (ADR 0047)
_DECIDED_SELECT = "SELECT seq FROM checkpoint_store WHERE name = ?"
_DECIDED_UPSERT = (
    "INSERT INTO checkpoint_store (name, seq, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at WHERE excluded.seq > seq"
)
_LINK_COLUMNS = "command_id, leg, client_order_id, conditional, exchange_order_id, created_at"
_LINK_INSERT = (
    f"INSERT INTO command_to_exchange ({_LINK_COLUMNS}, link_seq) VALUES (?, ?, ?, ?, ?, ?, "
    "(SELECT coalesce(max(link_seq), 0) + 1 FROM command_to_exchange))"
)


class SqliteCommandStore(CommandStore):
    def __init__(self, connection: apsw.Connection) -> None:
        self._connection = connection

    def insert(self, command: Command, now: datetime) -> tuple[CommandRecord, bool]:
        row = command_to_row(command, format_utc(now))
        with write_transaction(self._connection, f"insert command {command.command_id!r}") as db:
            return _insert(db, command, row)

    def record_decision(
        self, basis: DecisionBasis, kline_open: datetime, commands: Sequence[Command], now: datetime
    ) -> list[CommandRecord]:
        stamp = format_utc(now)
        rows = [command_to_row(command, stamp) for command in commands]
        records = []
        doing = f"record {basis.strategy}'s decision on the {basis.timeframe} kline of {format_utc(kline_open)}"
        with write_transaction(self._connection, doing) as db:
            for command, row in zip(commands, rows, strict=True):
                record, created = _insert(db, command, row)
                if not created:
                    check_same_request(record.command, command)
                records.append(record)
            db.execute(_DECIDED_UPSERT, (_decided_name(basis), epoch_ms(kline_open), stamp))
        return records

    def decided_kline(self, basis: DecisionBasis) -> datetime | None:
        rows = fetch_all(self._connection, "read the last decided kline", _DECIDED_SELECT, (_decided_name(basis),))
        return from_epoch_ms(rows[0][0]) if rows else None

    def get(self, command_id: str) -> CommandRecord | None:
        found = self._read(" WHERE command_id = ?", (command_id,))
        return found[0] if found else None

    def claim_next(self, now: datetime) -> CommandRecord | None:
        with write_transaction(self._connection, "claim the next command") as db:
            rows = list(db.execute(_CLAIM, (format_utc(now),)))
        return _decode(rows[0]) if rows else None

    def mark_acked(self, command_id: str, result: Record, now: datetime) -> CommandRecord:
        return self._move(command_id, CommandStatus.ACK, now, "result_json", result_text(command_id, result))

    def mark_failed(self, command_id: str, error: str, now: datetime) -> CommandRecord:
        return self._move(command_id, CommandStatus.FAILED, now, "last_error", error_text(command_id, error))

    def mark_expired(self, command_id: str, why: str, now: datetime) -> CommandRecord:
        return self._move(command_id, CommandStatus.EXPIRED, now, "last_error", error_text(command_id, why))

    def list(self, status: CommandStatus | None = None, limit: int = 100, offset: int = 0) -> list[CommandRecord]:
        check_count("limit", limit)
        check_count("offset", offset)
        where, bindings = (" WHERE status = ?", (CommandStatus(status).value,)) if status is not None else ("", ())
        order = " ORDER BY created_at DESC, insertion_seq DESC LIMIT ? OFFSET ?"
        return self._read(where + order, (*bindings, limit, offset))

    def link_order(self, link: OrderLink) -> OrderLink:
        link = normalised_link(link)
        with write_transaction(self._connection, f"link client order id {link.client_order_id!r}") as db:
            stored = _links(db, " WHERE client_order_id = ?", (link.client_order_id,))
            if stored:
                return stored[0]
            _check_linkable(db, link)
            values = (link.command_id, link.leg, link.client_order_id, link.conditional, link.exchange_order_id)
            db.execute(_LINK_INSERT, (*values, format_utc(link.created_at)))
        return link

    def set_exchange_order_id(self, client_order_id: str, exchange_order_id: int) -> OrderLink:
        check_exchange_order_id(exchange_order_id)
        with write_transaction(self._connection, f"set the exchange id of {client_order_id!r}") as db:
            stored = _links(db, " WHERE client_order_id = ?", (client_order_id,))
            if not stored:
                raise StorageError(f"no order link with client order id {client_order_id!r}")
            link = stored[0]
            if link.exchange_order_id == exchange_order_id:
                return link
            if link.exchange_order_id is not None:
                raise StorageError(
                    f"client order id {client_order_id!r} is linked to exchange order {link.exchange_order_id}, "
                    f"not {exchange_order_id}",
                )
            db.execute(
                "UPDATE command_to_exchange SET exchange_order_id = ? WHERE client_order_id = ?",
                (exchange_order_id, client_order_id),
            )
        return replace(link, exchange_order_id=exchange_order_id)

    def unlink_order(self, client_order_id: str) -> None:
        with write_transaction(self._connection, f"unlink client order id {client_order_id!r}") as db:
            stored = _links(db, " WHERE client_order_id = ?", (client_order_id,))
            if stored:
                check_unplaced(stored[0])
                db.execute("DELETE FROM command_to_exchange WHERE client_order_id = ?", (client_order_id,))

    def order_link(self, client_order_id: str) -> OrderLink | None:
        rows = self._read_links(" WHERE client_order_id = ?", (client_order_id,))
        return rows[0] if rows else None

    def order_links(self, command_id: str) -> builtins.list[OrderLink]:
        return self._read_links(" WHERE command_id = ? ORDER BY link_seq", (command_id,))

    def _move(self, command_id: str, wanted: CommandStatus, now: datetime, column: str, value: str) -> CommandRecord:
        with write_transaction(self._connection, f"mark command {command_id!r} {wanted.value}") as db:
            found = _commands(db, " WHERE command_id = ?", (command_id,))
            if not found:
                raise CommandNotFound(command_id)
            if not transition_applies(command_id, found[0].status, wanted):
                return found[0]
            rows = list(
                db.execute(
                    f"UPDATE command_store SET status = ?, updated_at = ?, {column} = ? "
                    f"WHERE command_id = ? RETURNING {_COLUMNS}",
                    (wanted.value, format_utc(now), value, command_id),
                )
            )
        return _decode(rows[0])

    def _read(self, clause: str, bindings: tuple[Any, ...]) -> builtins.list[CommandRecord]:
        rows = fetch_all(self._connection, "read commands", _SELECT + clause, bindings)
        return [_decode(row) for row in rows]

    def _read_links(self, clause: str, bindings: tuple[Any, ...]) -> builtins.list[OrderLink]:
        rows = fetch_all(self._connection, "read order links", _link_select(clause), bindings)
        return [_decode_link(row) for row in rows]


def _insert(db: apsw.Connection, command: Command, row: dict[str, Any]) -> tuple[CommandRecord, bool]:
    existing = _commands(db, " WHERE idempotency_key = ?", (command.idempotency_key,))
    if existing:
        return existing[0], False
    if _commands(db, " WHERE command_id = ?", (command.command_id,)):
        raise StorageError(f"command id {command.command_id!r} already exists under another idempotency key")
    db.execute(_INSERT, row)
    return command_from_row(row), True


def _decided_name(basis: DecisionBasis) -> str:
    return f"decided:{basis.strategy}:{basis.symbol}:{basis.timeframe}"


def _commands(db: apsw.Connection, clause: str, bindings: tuple[Any, ...]) -> list[CommandRecord]:
    return [_decode(row) for row in db.execute(_SELECT + clause, bindings)]


def _links(db: apsw.Connection, clause: str, bindings: tuple[Any, ...]) -> list[OrderLink]:
    return [_decode_link(row) for row in db.execute(_link_select(clause), bindings)]


def _check_linkable(db: apsw.Connection, link: OrderLink) -> None:
    if not db.execute("SELECT 1 FROM command_store WHERE command_id = ?", (link.command_id,)).get:
        raise CommandNotFound(link.command_id)
    other = db.execute(
        "SELECT client_order_id FROM command_to_exchange WHERE command_id = ? AND leg = ?",
        (link.command_id, link.leg),
    ).get
    if other is not None:
        raise StorageError(f"command {link.command_id!r} already links leg {link.leg!r} to client order id {other!r}")


def _link_select(clause: str) -> str:
    return f"SELECT {_LINK_COLUMNS} FROM command_to_exchange{clause}"


def _decode(row: tuple[Any, ...]) -> CommandRecord:
    return command_from_row(dict(zip(COMMAND_COLUMNS, row, strict=True)))


def _decode_link(row: tuple[Any, ...]) -> OrderLink:
    command_id, leg, client_order_id, conditional, exchange_order_id, created_at = row
    return OrderLink(
        command_id=command_id,
        leg=leg,
        client_order_id=client_order_id,
        conditional=bool(conditional),
        exchange_order_id=exchange_order_id,
        created_at=parse_utc(created_at),
    )
