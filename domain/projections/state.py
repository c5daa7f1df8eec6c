"""All read models together, and the one fold step that moves them: apply(event) → row changes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, cast

from domain.events import (
    BalanceChanged,
    EngineStateChanged,
    Event,
    FeeCharged,
    FundingApplied,
    LeverageChanged,
    LiquidationFeeCharged,
    OrderFacts,
    PositionChanged,
    TradeAttributed,
    TradeExecuted,
)
from domain.projections import ledger, orders, position, trades
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

ENGINE_KEY = "engine"


class RowChange(NamedTuple):
    """Upsert `row` under (table, key); row None deletes it. A named tuple: a fold makes two or three per event, and
    a tuple is built in a third of a frozen dataclass's time."""

    table: str
    key: str
    row: Row | None


class ProjectionState:
    """In-memory tables of rows; mutated only through `apply`, so it is a fold over events."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, Row]] = {name: {} for name in ROW_TYPES}

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, Row]]) -> ProjectionState:
        state = cls()
        for table, row in rows:
            state.tables[table][row.key] = row
        return state

    def apply(self, event: Event) -> list[RowChange]:
        changes = _changes(self, event)
        for change in changes:
            if change.row is None:
                self.tables[change.table].pop(change.key, None)
            else:
                self.tables[change.table][change.key] = change.row
        return changes

    # Each table holds rows of its one ROW_TYPES class only (apply and from_rows keep it so): the casts name that type

    def position(self, symbol: str) -> Position:
        return cast("dict[str, Position]", self.tables["position"]).get(symbol) or Position.flat(symbol)

    def balances(self) -> list[Balance]:
        return sorted(cast("dict[str, Balance]", self.tables["balance"]).values(), key=lambda b: b.asset)

    def open_orders(self) -> list[OpenOrder]:
        return sorted(cast("dict[str, OpenOrder]", self.tables["order_open"]).values(), key=lambda o: o.order_key)

    def open_order(self, key: str) -> OpenOrder | None:
        return cast("dict[str, OpenOrder]", self.tables["order_open"]).get(key)

    def closed_order(self, key: str) -> ClosedOrder | None:
        return cast("dict[str, ClosedOrder]", self.tables["order_closed"]).get(key)

    def balance(self, asset: str) -> Balance | None:
        return cast("dict[str, Balance]", self.tables["balance"]).get(asset)

    def pnl_day(self, key: str) -> PnlDay | None:
        return cast("dict[str, PnlDay]", self.tables["pnl_day"]).get(key)

    def trade(self, trade_id: int) -> Trade | None:
        return cast("dict[str, Trade]", self.tables["trade"]).get(str(trade_id))

    def trades(self) -> list[Trade]:
        return sorted(cast("dict[str, Trade]", self.tables["trade"]).values(), key=lambda t: t.trade_id)

    def pnl_days(self) -> list[PnlDay]:
        return sorted(cast("dict[str, PnlDay]", self.tables["pnl_day"]).values(), key=lambda d: d.day)

    def engine(self) -> EngineStatus | None:
        return cast("dict[str, EngineStatus]", self.tables["engine"]).get(ENGINE_KEY)


def _changes(state: ProjectionState, event: Event) -> list[RowChange]:
    payload = event.payload
    symbol = event.scope.symbol
    if isinstance(payload, TradeExecuted):
        return [
            _position(position.after_trade(state.position(symbol), payload)),
            _trade(trades.after_fill(state.trade(payload.trade_id), payload)),
            _pnl(state, payload),
        ]
    if isinstance(payload, TradeAttributed):
        current = state.trade(payload.trade_id)
        return [] if current is None else [_trade(trades.after_attribution(current, payload))]
    if isinstance(payload, FeeCharged):
        return [_trade(trades.after_fee(state.trade(payload.trade_id), payload)), _pnl(state, payload)]
    if isinstance(payload, (FundingApplied, LiquidationFeeCharged)):
        return [_pnl(state, payload)]
    if isinstance(payload, PositionChanged):
        return [_position(position.after_snapshot(state.position(symbol), payload))]
    if isinstance(payload, LeverageChanged):
        return [_position(position.after_leverage(state.position(symbol), payload))]
    if isinstance(payload, BalanceChanged):
        return _balance(state, payload)
    if isinstance(payload, OrderFacts):
        return _order(state, payload)
    if isinstance(payload, EngineStateChanged):
        status = EngineStatus(ENGINE_KEY, payload.state, payload.reason, event.ts)
        return [RowChange("engine", ENGINE_KEY, status)]
    return []


def _balance(state: ProjectionState, payload: BalanceChanged) -> list[RowChange]:
    current = state.balance(payload.asset)
    if current is not None and payload.changed_at < current.updated_at:
        # An older balance report must never overwrite a newer one
        return []
    balance = Balance(payload.asset, payload.wallet_balance, payload.cross_wallet_balance, payload.changed_at)
    return [RowChange("balance", balance.key, balance)]


def _order(state: ProjectionState, payload: OrderFacts) -> list[RowChange]:
    key = payload.order_key
    current = state.open_order(key)
    closed = state.closed_order(key)
    open_row, tombstone = orders.after_order(current, closed, payload)
    changes = [RowChange("order_open", key, open_row)] if open_row is not current else []
    if tombstone is not closed:
        changes.append(RowChange("order_closed", key, tombstone))
    return changes


def _position(row: Position) -> RowChange:
    return RowChange("position", row.key, row)


def _trade(row: Trade) -> RowChange:
    return RowChange("trade", row.key, row)


def _pnl(state: ProjectionState, payload: ledger.LedgerFact) -> RowChange:
    day = ledger.day_of(payload)
    current = state.pnl_day(day.isoformat()) or PnlDay.empty(day)
    row = ledger.after(current, payload)
    return RowChange("pnl_day", row.key, row)
