"""Read-model tables (projection_*) and the projector's checkpoint, saved together in one transaction."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import apsw

from adapters.records.checks import check_checkpoint, check_count, check_row_change, state_changes
from adapters.sqlite.transactions import fetch_all, read_transaction, write_transaction
from domain.codec import Record, from_record, to_record
from domain.projections import ledger
from domain.projections.rows import (
    ROW_TYPES,
    Balance,
    ClosedOrder,
    EngineStatus,
    OpenOrder,
    PnlDay,
    Position,
    Row,
    Trade,
)
from domain.projections.state import ENGINE_KEY, ProjectionState, RowChange
from domain.projections.stored import LARGE_TABLES
from domain.times import format_utc
from ports.errors import CheckpointRegression
from ports.projection_store import ProjectionStore, TradeQuery

CHECKPOINT_NAME = "projector"


@dataclass(frozen=True)
class ProjectionTable:
    """How one row type maps onto its table: row_key, then one column per dataclass field."""

    name: str
    row_type: type
    fields: tuple[str, ...]
    bool_fields: frozenset[str]

    @property
    def sql_name(self) -> str:
        return f"projection_{self.name}"

    def encode(self, key: str, row: Row) -> tuple[Any, ...]:
        # to_record yields the dataclass fields in declaration order, the order of self.fields
        return (key, *to_record(row).values())

    def decode(self, values: Sequence[Any]) -> Row:
        record = dict(zip(self.fields, values, strict=True))
        for field in self.bool_fields:
            # SQLite has no booleans: INTEGER 0/1 comes back and the codec wants a real bool
            if record[field] is not None:
                record[field] = bool(record[field])
        return from_record(self.row_type, record)


@cache
def projection_tables() -> dict[str, ProjectionTable]:
    """The table layout of every entry of ROW_TYPES, derived from the row dataclasses."""
    return {name: _table(name, row_type) for name, row_type in ROW_TYPES.items()}


class SqliteProjectionStore(ProjectionStore):
    def __init__(self, connection: apsw.Connection) -> None:
        self._connection = connection

    def load(self) -> tuple[ProjectionState, int]:
        state = ProjectionState()
        with read_transaction(self._connection, "load projections") as db:
            for name, table in projection_tables().items():
                state.tables[name].update(_rows(db, table))
            checkpoint = _checkpoint(db)
        return state, checkpoint

    def open_state(self) -> tuple[ProjectionState, int]:
        small = [(name, table) for name, table in projection_tables().items() if name not in LARGE_TABLES]
        with read_transaction(self._connection, "load the small projections") as db:
            rows = [(name, row) for name, table in small for _, row in _rows(db, table)]
            checkpoint = _checkpoint(db)
        return ProjectionState.from_rows(rows, stored=self), checkpoint

    def trade(self, trade_id: int) -> Trade | None:
        rows = self._select("trade", "WHERE row_key = ?", (str(trade_id),))
        return rows[0] if rows else None

    def closed_order(self, key: str) -> ClosedOrder | None:
        rows = self._select("order_closed", "WHERE row_key = ?", (key,))
        return rows[0] if rows else None

    def highest_trade_id(self) -> int | None:
        # The index of migration 0008 makes this one seek
        rows = fetch_all(self._connection, "read the highest trade id", "SELECT max(trade_id) FROM projection_trade")
        return rows[0][0] if rows else None

    def trades_without_client_id(self) -> list[Trade]:
        # A partial index (migration 0008) holds only these rows: the read does not grow with the attributed ones
        return self._select("trade", "WHERE client_order_id IS NULL ORDER BY trade_id")

    def trades_of_orders(self, order_ids: Collection[int]) -> list[Trade]:
        ids = sorted(frozenset(order_ids))
        found: list[Trade] = []
        # Chunked under SQLite's bound-variable limit; each id one range of the (order_id, trade_id) index
        for start in range(0, len(ids), _IDS_PER_QUERY):
            chunk = ids[start : start + _IDS_PER_QUERY]
            found += self._select("trade", f"WHERE order_id IN ({', '.join('?' for _ in chunk)})", tuple(chunk))
        return sorted(found, key=lambda t: t.trade_id)

    def all_trades(self) -> list[Trade]:
        return self._select("trade", "ORDER BY trade_id")

    def position(self, symbol: str) -> Position:
        rows = self._select("position", "WHERE row_key = ?", (symbol,))
        return rows[0] if rows else Position.flat(symbol)

    def balances(self) -> list[Balance]:
        return self._select("balance", "ORDER BY asset")

    def open_orders(self) -> list[OpenOrder]:
        return self._select("order_open", "ORDER BY conditional, order_id")

    def recent_trades(self, limit: int) -> list[Trade]:
        check_count("recent trades limit", limit)
        # Two index range scans (migration 0007): executed ones newest first, then fee-only ones if room is left
        dated = self._select(
            "trade", "WHERE executed_at IS NOT NULL ORDER BY executed_at DESC, trade_id DESC LIMIT ?", (limit,)
        )
        if len(dated) == limit:
            return dated
        undated = self._select(
            "trade", "WHERE executed_at IS NULL ORDER BY trade_id DESC LIMIT ?", (limit - len(dated),)
        )
        return dated + undated

    def trade_history(self, query: TradeQuery) -> list[Trade]:
        check_count("trade history limit", query.limit)
        # One range scan of the execution index (migration 0007), from the cursor back; the side is checked per row
        where, bindings = ["executed_at IS NOT NULL"], list[Any]()
        if query.side is not None:
            where.append("side = ?")
            bindings.append(query.side.value)
        if query.since is not None:
            where.append("executed_at >= ?")
            bindings.append(format_utc(query.since))
        if query.until is not None:
            where.append("executed_at < ?")
            bindings.append(format_utc(query.until))
        if query.before is not None:
            where.append("(executed_at, trade_id) < (?, ?)")
            bindings.extend((format_utc(query.before[0]), query.before[1]))
        clause = f"WHERE {' AND '.join(where)} ORDER BY executed_at DESC, trade_id DESC LIMIT ?"
        return self._select("trade", clause, (*bindings, query.limit))

    def pnl_days(self, before: date | None, limit: int) -> list[PnlDay]:
        check_count("pnl days limit", limit)
        # The row key is the ISO day: a primary-key range scan
        where = "" if before is None else "WHERE row_key < ?"
        bindings = () if before is None else (before.isoformat(),)
        return self._select("pnl_day", f"{where} ORDER BY row_key DESC LIMIT ?", (*bindings, limit))

    def pnl_since(self, day: date) -> PnlDay:
        return ledger.total(self._select("pnl_day", "WHERE row_key >= ?", (day.isoformat(),)))

    def pnl_day(self, day: date) -> PnlDay:
        rows = self._select("pnl_day", "WHERE row_key = ?", (day.isoformat(),))
        return rows[0] if rows else PnlDay.empty(day)

    def pnl_total(self) -> PnlDay:
        # One row per UTC day with activity; summed here, as SQLite has no exact decimal sum
        return ledger.total(self._select("pnl_day", ""))

    def engine(self) -> EngineStatus | None:
        rows = self._select("engine", "WHERE row_key = ?", (ENGINE_KEY,))
        return rows[0] if rows else None

    def checkpoint(self) -> int:
        rows = fetch_all(self._connection, "read the projection checkpoint", _CHECKPOINT_SELECT, (CHECKPOINT_NAME,))
        return rows[0][0] if rows else 0

    def save(self, changes: Sequence[RowChange], checkpoint: int) -> None:
        check_checkpoint(checkpoint)
        for change in changes:
            check_row_change(change)
        # Not durable (ADR 0042): the rows and checkpoint are folded again from the durable log if a crash loses them
        with write_transaction(self._connection, f"save projections at seq {checkpoint}", durable=False) as db:
            current = _checkpoint(db)
            if checkpoint < current:
                raise CheckpointRegression(current, checkpoint)
            for change in changes:
                _write(db, change)
            _set_checkpoint(db, checkpoint)

    def replace_all(self, state: ProjectionState, checkpoint: int) -> None:
        check_checkpoint(checkpoint)
        changes = state_changes(state)
        with write_transaction(self._connection, f"replace projections at seq {checkpoint}", durable=False) as db:
            tables = projection_tables()
            for table in tables.values():
                db.execute(f"DELETE FROM {table.sql_name}")
            # One pass over the changes, grouped by table (they come in table order)
            rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in tables}
            for change in changes:
                if change.row is not None:
                    rows[change.table].append(tables[change.table].encode(change.key, change.row))
            for name, table in tables.items():
                if rows[name]:
                    db.executemany(_upsert_sql(table), rows[name])
            _set_checkpoint(db, checkpoint)

    def dump(self) -> dict[str, list[Record]]:
        with read_transaction(self._connection, "dump projections") as db:
            tables = {name: _rows(db, table) for name, table in projection_tables().items()}
        return {name: [to_record(row) for _, row in rows] for name, rows in tables.items()}

    def _select(self, name: str, clause: str, bindings: tuple[Any, ...] = ()) -> list[Any]:
        table = projection_tables()[name]
        sql = f"SELECT {', '.join(table.fields)} FROM {table.sql_name} {clause}"
        return [table.decode(values) for values in fetch_all(self._connection, f"read {table.sql_name}", sql, bindings)]


_IDS_PER_QUERY = 500
_CHECKPOINT_SELECT = "SELECT seq FROM checkpoint_store WHERE name = ?"


def _rows(db: apsw.Connection, table: ProjectionTable) -> list[tuple[str, Row]]:
    sql = f"SELECT row_key, {', '.join(table.fields)} FROM {table.sql_name} ORDER BY row_key"
    return [(values[0], table.decode(values[1:])) for values in db.execute(sql)]


def _write(db: apsw.Connection, change: RowChange) -> None:
    table = projection_tables()[change.table]
    if change.row is None:
        db.execute(f"DELETE FROM {table.sql_name} WHERE row_key = ?", (change.key,))
        return
    db.execute(_upsert_sql(table), table.encode(change.key, change.row))


@cache
def _upsert_sql(table: ProjectionTable) -> str:
    columns = ("row_key", *table.fields)
    updates = ", ".join(f"{field} = excluded.{field}" for field in table.fields)
    return (
        f"INSERT INTO {table.sql_name} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
        f"ON CONFLICT (row_key) DO UPDATE SET {updates}"
    )


def _checkpoint(db: apsw.Connection) -> int:
    seq = db.execute(_CHECKPOINT_SELECT, (CHECKPOINT_NAME,)).get
    return 0 if seq is None else seq


def _set_checkpoint(db: apsw.Connection, seq: int) -> None:
    db.execute(
        "INSERT INTO checkpoint_store (name, seq, updated_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) "
        "ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at",
        (CHECKPOINT_NAME, seq),
    )


def _table(name: str, row_type: type) -> ProjectionTable:
    hints = typing.get_type_hints(row_type)
    fields = tuple(field.name for field in dataclasses.fields(row_type))
    bools = frozenset(field for field in fields if hints[field] is bool or bool in typing.get_args(hints[field]))
    return ProjectionTable(name=name, row_type=row_type, fields=fields, bool_fields=bools)
