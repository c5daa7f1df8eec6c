"""The dashboard's numbers, computed from the projection state, the traded symbol, the loss limit and the day (no I/O here)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from domain.projections import ledger
from domain.projections.rows import Balance, PnlDay, Trade
from domain.projections.state import ProjectionState
from domain.risk import day_start_equity
from domain.values import ZERO

RECENT_TRADES = 20


def dashboard_view(state: ProjectionState, symbol: str, daily_loss_limit: Decimal, today: date) -> dict[str, Any]:
    """Everything the dashboard shows that comes from the read models, as attributes DashboardSchema dumps."""
    position = state.position(symbol)
    days = state.pnl_days()
    today_row = next((day for day in days if day.day == today), PnlDay.empty(today))
    return {
        "symbol": symbol,
        "engine": state.engine(),
        "position": {**vars(position), "side": position.side},
        "balances": state.balances(),
        # Regular orders first, then the stops and take-profits that protect them
        "open_orders": sorted(state.open_orders(), key=lambda order: (order.conditional, order.order_id)),
        "recent_trades": recent_trades(state.trades()),
        "pnl": {"day": today, "today": _pnl(today_row), "total": _pnl(ledger.total(days))},
        "daily_loss": daily_loss(state.balances(), symbol, today_row, daily_loss_limit),
    }


def recent_trades(trades: list[Trade], count: int = RECENT_TRADES) -> list[Trade]:
    """Newest first by execution time; a trade whose fill has not arrived yet (fee only) sorts last."""
    dated = [t for t in trades if t.executed_at is not None]
    dated.sort(key=lambda t: (t.executed_at, t.trade_id), reverse=True)
    undated = sorted((t for t in trades if t.executed_at is None), key=lambda t: t.trade_id, reverse=True)
    return (dated + undated)[:count]


def daily_loss(balances: list[Balance], symbol: str, today: PnlDay, fraction: Decimal) -> dict[str, Any]:
    """Today's realized loss net of fees and funding, against daily_loss_limit x day-start equity (quote asset)."""
    wallet = quote_balance(balances, symbol)
    start = None if wallet is None else day_start_equity(wallet.wallet_balance, today)
    return {
        "asset": None if wallet is None else wallet.asset,
        "used": max(ZERO, -today.net),
        "limit": None if start is None else fraction * start,
        "limit_fraction": fraction,
        "day_start_equity": start,
    }


def quote_balance(balances: list[Balance], symbol: str) -> Balance | None:
    """The balance whose asset ends the symbol (USDT for XRPUSDT); the longest match wins (FDUSD over USD)."""
    matching = [b for b in balances if symbol.endswith(b.asset) and b.asset != symbol]
    return max(matching, key=lambda b: len(b.asset), default=None)


def _pnl(day: PnlDay) -> dict[str, Decimal]:
    return {"realized_pnl": day.realized_pnl, "fees": day.fees, "funding": day.funding, "net": day.net}
