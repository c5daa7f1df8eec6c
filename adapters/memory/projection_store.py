"""Read-model tables and the projector's checkpoint kept in process memory, saved atomically."""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from typing import TypeVar

from adapters.records.checks import check_checkpoint, check_count, check_row_change, state_changes
from domain.codec import Record, to_record
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
from domain.projections.trades import newest_first
from domain.times import EPOCH
from ports.errors import CheckpointRegression
from ports.projection_store import ProjectionStore, TradeQuery

R = TypeVar("R")


class InMemoryProjectionStore(ProjectionStore):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Rows are frozen dataclasses, so sharing them is safe; the dicts holding them never leave this object
        self._tables: dict[str, dict[str, Row]] = {name: {} for name in ROW_TYPES}
        self._checkpoint = 0

    def load(self) -> tuple[ProjectionState, int]:
        state = ProjectionState()
        with self._lock:
            for name, rows in self._tables.items():
                state.tables[name].update(rows)
            return state, self._checkpoint

    def open_state(self) -> tuple[ProjectionState, int]:
        with self._lock:
            rows = [
                (name, row)
                for name, table in self._tables.items()
                if name not in LARGE_TABLES
                for row in table.values()
            ]
            checkpoint = self._checkpoint
        return ProjectionState.from_rows(rows, stored=self), checkpoint

    def trade(self, trade_id: int) -> Trade | None:
        with self._lock:
            row = self._tables["trade"].get(str(trade_id))
        return row if isinstance(row, Trade) else None

    def closed_order(self, key: str) -> ClosedOrder | None:
        with self._lock:
            row = self._tables["order_closed"].get(key)
        return row if isinstance(row, ClosedOrder) else None

    def highest_trade_id(self) -> int | None:
        return max((t.trade_id for t in self._rows("trade", Trade)), default=None)

    def trades_without_client_id(self) -> list[Trade]:
        return _by_id(t for t in self._rows("trade", Trade) if t.client_order_id is None)

    def trades_of_orders(self, order_ids: Collection[int]) -> list[Trade]:
        wanted = frozenset(order_ids)
        return _by_id(t for t in self._rows("trade", Trade) if t.order_id in wanted)

    def all_trades(self) -> list[Trade]:
        return _by_id(self._rows("trade", Trade))

    def position(self, symbol: str) -> Position:
        with self._lock:
            row = self._tables["position"].get(symbol)
        return row if isinstance(row, Position) else Position.flat(symbol)

    def balances(self) -> list[Balance]:
        return sorted(self._rows("balance", Balance), key=lambda b: b.asset)

    def open_orders(self) -> list[OpenOrder]:
        return sorted(self._rows("order_open", OpenOrder), key=lambda o: (o.conditional, o.order_id))

    def recent_trades(self, limit: int) -> list[Trade]:
        check_count("recent trades limit", limit)
        return newest_first(self._rows("trade", Trade), limit)

    def trade_history(self, query: TradeQuery) -> list[Trade]:
        check_count("trade history limit", query.limit)
        chosen = [trade for trade in self._rows("trade", Trade) if _selected(trade, query)]
        return sorted(chosen, key=_execution, reverse=True)[: query.limit]

    def pnl_days(self, before: date | None, limit: int) -> list[PnlDay]:
        check_count("pnl days limit", limit)
        days = [row for row in self._rows("pnl_day", PnlDay) if before is None or row.day < before]
        return sorted(days, key=lambda row: row.day, reverse=True)[:limit]

    def pnl_since(self, day: date) -> PnlDay:
        return ledger.total(row for row in self._rows("pnl_day", PnlDay) if row.day >= day)

    def pnl_day(self, day: date) -> PnlDay:
        with self._lock:
            row = self._tables["pnl_day"].get(day.isoformat())
        return row if isinstance(row, PnlDay) else PnlDay.empty(day)

    def pnl_total(self) -> PnlDay:
        return ledger.total(self._rows("pnl_day", PnlDay))

    def engine(self) -> EngineStatus | None:
        with self._lock:
            row = self._tables["engine"].get(ENGINE_KEY)
        return row if isinstance(row, EngineStatus) else None

    def checkpoint(self) -> int:
        with self._lock:
            return self._checkpoint

    def save(self, changes: Sequence[RowChange], checkpoint: int) -> None:
        check_checkpoint(checkpoint)
        changes = list(changes)
        for change in changes:
            check_row_change(change)
        with self._lock:
            if checkpoint < self._checkpoint:
                raise CheckpointRegression(self._checkpoint, checkpoint)
            for change in changes:
                _apply(self._tables[change.table], change)
            self._checkpoint = checkpoint

    def replace_all(self, state: ProjectionState, checkpoint: int) -> None:
        check_checkpoint(checkpoint)
        tables: dict[str, dict[str, Row]] = {name: {} for name in ROW_TYPES}
        for change in state_changes(state):
            _apply(tables[change.table], change)
        with self._lock:
            self._tables, self._checkpoint = tables, checkpoint

    def dump(self) -> dict[str, list[Record]]:
        with self._lock:
            tables = {name: sorted(rows.items()) for name, rows in self._tables.items()}
        return {name: [to_record(row) for _, row in rows] for name, rows in tables.items()}

    def _rows(self, table: str, row_type: type[R]) -> list[R]:
        with self._lock:
            return [row for row in self._tables[table].values() if isinstance(row, row_type)]


def _execution(trade: Trade) -> tuple[datetime, int]:
    # Only executed trades are selected; the fallback is never compared
    return trade.executed_at or EPOCH, trade.trade_id


def _selected(trade: Trade, query: TradeQuery) -> bool:
    at = trade.executed_at
    return (
        at is not None
        and (query.side is None or trade.side == query.side)
        and (query.since is None or at >= query.since)
        and (query.until is None or at < query.until)
        and (query.before is None or (at, trade.trade_id) < query.before)
    )


def _by_id(trades: Iterable[Trade]) -> list[Trade]:
    return sorted(trades, key=lambda t: t.trade_id)


def _apply(rows: dict[str, Row], change: RowChange) -> None:
    if change.row is None:
        rows.pop(change.key, None)
    else:
        rows[change.key] = change.row
