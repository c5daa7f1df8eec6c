"""The account's history: every trade and income row, with the userTrades / income query rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import TypeVar

from .history_index import InsertionIndex, SortedIndex
from .times import DAY_MS
from .vocabulary import Side

WEEK_MS = 7 * DAY_MS


class IncomeType(str, Enum):
    REALIZED_PNL = "REALIZED_PNL"
    COMMISSION = "COMMISSION"
    FUNDING_FEE = "FUNDING_FEE"
    INSURANCE_CLEAR = "INSURANCE_CLEAR"
    TRANSFER = "TRANSFER"


@dataclass(frozen=True)
class Trade:
    """One fill of one order (a userTrades row); `commission` is positive when paid."""

    trade_id: int
    symbol: str
    order_id: int
    client_order_id: str
    side: Side
    price: Decimal
    qty: Decimal
    realized_pnl: Decimal
    commission: Decimal
    commission_asset: str
    margin_asset: str
    time: int
    maker: bool
    by_hand: bool = False
    position_side: str = "BOTH"

    @property
    def quote_qty(self) -> Decimal:
        return self.price * self.qty

    @property
    def buyer(self) -> bool:
        return self.side is Side.BUY


@dataclass(frozen=True)
class IncomeRow:
    """One /fapi/v1/income row; `trade_id` is set on REALIZED_PNL and COMMISSION rows."""

    tran_id: int
    symbol: str
    income_type: IncomeType
    income: Decimal
    asset: str
    time: int
    trade_id: int | None = None

    @property
    def info(self) -> str:
        return self.income_type.value


@dataclass(frozen=True)
class MarginChange:
    """One /fapi/v1/positionMargin/history row: `kind` 1 adds to the isolated wallet, 2 takes from it; `delta_type`
    TRADE when a fill moved it, USER_ADJUST when POST /fapi/v1/positionMargin did (rest_position_margin_history_...)."""

    symbol: str
    kind: int
    delta_type: str
    amount: Decimal
    asset: str
    time: int


R = TypeVar("R", Trade, IncomeRow)
IncomeKey = tuple[str | None, IncomeType | None]


class Ledger:
    """Every trade and income row, indexed by symbol, order and income type, so queries cost what they return."""

    def __init__(self) -> None:
        self._trades: list[Trade] = []
        self._income: list[IncomeRow] = []
        self._trades_of: dict[str, InsertionIndex[Trade]] = {}
        self._order_trades: dict[int, list[Trade]] = {}
        # One sorted index per filter an income query can name: all, by symbol, by type, by both
        self._income_of: dict[IncomeKey, SortedIndex[IncomeRow]] = {}

    @property
    def trades(self) -> tuple[Trade, ...]:
        return tuple(self._trades)

    @property
    def income_rows(self) -> tuple[IncomeRow, ...]:
        return tuple(self._income)

    def add_trade(self, trade: Trade) -> None:
        self._trades.append(trade)
        self._trades_of.setdefault(trade.symbol, InsertionIndex()).add(trade, trade.time, trade.trade_id)
        self._order_trades.setdefault(trade.order_id, []).append(trade)

    def add_income(self, row: IncomeRow) -> None:
        self._income.append(row)
        for key in ((None, None), (row.symbol, None), (None, row.income_type), (row.symbol, row.income_type)):
            self._income_of.setdefault(key, SortedIndex(_income_order)).add(row)

    def user_trades(
        self,
        symbol: str,
        now: int,
        *,
        order_id: int | None = None,
        start_time: int | None = None,
        end_time: int | None = None,
        from_id: int | None = None,
        limit: int = 500,
    ) -> list[Trade]:
        """Binance rules: from_id → ids ≥ from_id; else a window (default the last 7 days), newest `limit`
        unless a start is given."""
        index = self._trades_of.get(symbol)
        if order_id is not None or index is None or not index.ordered:
            # An order's few trades, or an index whose rows came out of order: list them
            listed = self._order_trades.get(order_id, []) if order_id is not None else self._trades
            rows = [t for t in listed if t.symbol == symbol]
            if from_id is not None:
                return [t for t in rows if t.trade_id >= from_id][:limit]
            return _window(rows, now, start_time, end_time, limit)
        if from_id is not None:
            return index.from_id(from_id, limit)
        start, end, newest_first = _bounds(now, start_time, end_time)
        return _take(index.rows, *index.between(start, end), limit, newest_first)

    def income(
        self,
        now: int,
        *,
        symbol: str | None = None,
        income_type: IncomeType | None = None,
        start_time: int | None = None,
        end_time: int | None = None,
        limit: int = 100,
    ) -> list[IncomeRow]:
        index = self._income_of.get((symbol, income_type))
        if index is None:
            return []
        start, end, newest_first = _bounds(now, start_time, end_time)
        return _take(index.rows, *index.between(start, end), limit, newest_first)


def _income_order(row: IncomeRow) -> tuple[int, int]:
    return row.time, row.tran_id


def _bounds(now: int, start: int | None, end: int | None) -> tuple[int, int, bool]:
    """The window [start, end] a query covers (default the 7 days up to now), and whether it wants the newest rows."""
    if start is None:
        end = now if end is None else end
        return end - WEEK_MS, end, True
    return start, start + WEEK_MS if end is None else end, False


def _take(rows: Sequence[R], lo: int, hi: int, limit: int, newest_first: bool) -> list[R]:
    # Without a start Binance answers the newest `limit` rows; with one, the oldest from there; ascending either way
    if newest_first:
        return list(rows[max(lo, hi - limit) : hi])
    return list(rows[lo : min(hi, lo + limit)])


def _window(rows: Sequence[R], now: int, start_time: int | None, end_time: int | None, limit: int) -> list[R]:
    start, end, newest_first = _bounds(now, start_time, end_time)
    inside = [row for row in rows if start <= row.time <= end]
    return _take(inside, 0, len(inside), limit, newest_first)
