"""All read models together, and the one fold step that moves them: apply(event) → row changes."""

from __future__ import annotations

from collections.abc import Collection, Iterable
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
    TransferMade,
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
from domain.projections.stored import LARGE_TABLES, StoredRows

ENGINE_KEY = "engine"


class RowChange(NamedTuple):
    """Upsert `row` under (table, key); row None deletes it. A named tuple: a fold makes two or three per event, and
    a tuple is built in a third of a frozen dataclass's time."""

    table: str
    key: str
    row: Row | None


class ProjectionState:
    """Tables of rows; mutated only through `apply`, so it is a fold over events.

    Without `stored` every table is held whole here (a rebuild, a test). With it (the bot, ADR 0069) the small tables
    are held whole and the large ones (LARGE_TABLES) hold only the rows this state changed since the store last saved
    them: every other row is read from `stored` by key, so memory does not grow with history.
    """

    def __init__(self, stored: StoredRows | None = None) -> None:
        self.tables: dict[str, dict[str, Row]] = {name: {} for name in ROW_TYPES}
        self._stored = stored

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, Row]], stored: StoredRows | None = None) -> ProjectionState:
        state = cls(stored)
        for table, row in rows:
            state.tables[table][row.key] = row
        return state

    def apply(self, event: Event) -> list[RowChange]:
        changes = _changes(self, event)
        for change in changes:
            if change.row is not None:
                self.tables[change.table][change.key] = change.row
            elif change.table in LARGE_TABLES and self._stored is not None:
                # Held rows stand over the store's: a deletion could not hide the stored row, and the fold makes none
                raise ValueError(f"table {change.table!r} only grows: the fold never deletes {change.key!r}")
            else:
                self.tables[change.table].pop(change.key, None)
        return changes

    @property
    def whole(self) -> bool:
        """Whether every table is held here (no store behind it): only such a state can replace a store's tables."""
        return self._stored is None

    def saved(self) -> None:
        """The store now holds every change applied so far: drop the large tables' changed rows (read them back)."""
        if self._stored is None:
            return
        for name in LARGE_TABLES:
            self.tables[name].clear()

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
        held = cast("dict[str, ClosedOrder]", self.tables["order_closed"])
        if key in held or self._stored is None:
            return held.get(key)
        return self._stored.closed_order(key)

    def balance(self, asset: str) -> Balance | None:
        return cast("dict[str, Balance]", self.tables["balance"]).get(asset)

    def pnl_day(self, key: str) -> PnlDay | None:
        return cast("dict[str, PnlDay]", self.tables["pnl_day"]).get(key)

    def trade(self, trade_id: int) -> Trade | None:
        key = str(trade_id)
        held = self._held_trades()
        if key in held or self._stored is None:
            return held.get(key)
        return self._stored.trade(trade_id)

    def highest_trade_id(self) -> int | None:
        """The highest known trade id."""
        ids = [t.trade_id for t in self._held_trades().values()]
        if self._stored is not None and (stored := self._stored.highest_trade_id()) is not None:
            ids.append(stored)
        return max(ids, default=None)

    def newest_trade(self) -> Trade | None:
        """The trade with the highest id, or None when none is known."""
        highest = self.highest_trade_id()
        return None if highest is None else self.trade(highest)

    def trades_without_client_id(self) -> list[Trade]:
        """The known trades whose client order id is unknown (awaiting attribution), by trade id."""
        if self._stored is None:
            return [t for t in self.trades() if t.client_order_id is None]
        return [t for t in self._merged(self._stored.trades_without_client_id()) if t.client_order_id is None]

    def trade_client_ids(self, order_ids: Collection[int]) -> dict[int, str]:
        """The client id the known trades of those orders carry (a higher trade id's wins)."""
        wanted = frozenset(order_ids)
        if self._stored is None:
            known = [t for t in self.trades() if t.order_id in wanted]
        else:
            known = [t for t in self._merged(self._stored.trades_of_orders(wanted)) if t.order_id in wanted]
        return {
            t.order_id: t.client_order_id for t in known if t.order_id is not None and t.client_order_id is not None
        }

    def trades(self) -> list[Trade]:
        """Every known trade by trade id: reads the whole table (tools and tests; the bot asks narrower questions)."""
        if self._stored is None:
            return sorted(self._held_trades().values(), key=lambda t: t.trade_id)
        return self._merged(self._stored.all_trades())

    def pnl_days(self) -> list[PnlDay]:
        return sorted(cast("dict[str, PnlDay]", self.tables["pnl_day"]).values(), key=lambda d: d.day)

    def engine(self) -> EngineStatus | None:
        return cast("dict[str, EngineStatus]", self.tables["engine"]).get(ENGINE_KEY)

    def _held_trades(self) -> dict[str, Trade]:
        return cast("dict[str, Trade]", self.tables["trade"])

    def _merged(self, stored: Iterable[Trade]) -> list[Trade]:
        """Stored trades with this state's unsaved changes over them, by trade id."""
        rows = {t.key: t for t in stored}
        rows.update(self._held_trades())
        return sorted(rows.values(), key=lambda t: t.trade_id)


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
    if isinstance(payload, (FundingApplied, LiquidationFeeCharged, TransferMade)):
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
