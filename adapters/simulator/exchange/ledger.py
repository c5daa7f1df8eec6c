"""The account's history: every trade and income row, with the userTrades / income query rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import TypeVar

from .times import DAY_MS
from .vocabulary import Side

WEEK_MS = 7 * DAY_MS


class IncomeType(str, Enum):
    REALIZED_PNL = "REALIZED_PNL"
    COMMISSION = "COMMISSION"
    FUNDING_FEE = "FUNDING_FEE"
    INSURANCE_CLEAR = "INSURANCE_CLEAR"


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


R = TypeVar("R", Trade, IncomeRow)


class Ledger:
    def __init__(self) -> None:
        self._trades: list[Trade] = []
        self._income: list[IncomeRow] = []

    @property
    def trades(self) -> tuple[Trade, ...]:
        return tuple(self._trades)

    @property
    def income_rows(self) -> tuple[IncomeRow, ...]:
        return tuple(self._income)

    def add_trade(self, trade: Trade) -> None:
        self._trades.append(trade)

    def add_income(self, row: IncomeRow) -> None:
        self._income.append(row)

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
        rows = [t for t in self._trades if t.symbol == symbol and (order_id is None or t.order_id == order_id)]
        if from_id is not None:
            return [t for t in rows if t.trade_id >= from_id][:limit]
        return _window(rows, now, start_time, end_time, limit)

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
        rows = sorted(
            (
                r
                for r in self._income
                if (symbol is None or r.symbol == symbol) and (income_type is None or r.income_type is income_type)
            ),
            key=lambda row: (row.time, row.tran_id),
        )
        return _window(rows, now, start_time, end_time, limit)


def _window(rows: Sequence[R], now: int, start: int | None, end: int | None, limit: int) -> list[R]:
    newest_first = start is None
    if start is None:
        end = now if end is None else end
        start = end - WEEK_MS
    elif end is None:
        end = start + WEEK_MS
    inside = [row for row in rows if start <= row.time <= end]
    # Without a start Binance answers the newest `limit` rows; with one, the oldest from there; ascending either way
    return inside[-limit:] if newest_first else inside[:limit]
