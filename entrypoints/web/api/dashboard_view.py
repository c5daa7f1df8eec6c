"""The dashboard's numbers as DashboardSchema dumps them, from the read side's rows (no I/O here)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from application.queries import DailyLossFigures, DashboardReads
from domain.projections.rows import PnlDay


def dashboard_view(reads: DashboardReads, symbol: str, day: date) -> dict[str, Any]:
    """Everything the dashboard shows that comes from the read models, as attributes DashboardSchema dumps."""
    return {
        "symbol": symbol,
        "engine": reads.engine,
        "position": {**vars(reads.position), "side": reads.position.side},
        "balances": reads.balances,
        # Regular orders first, then the stops and take-profits that protect them (the store's order)
        "open_orders": reads.open_orders,
        "recent_trades": reads.recent_trades,
        "pnl": {"day": day, "today": _pnl(reads.pnl_today), "total": _pnl(reads.pnl_total)},
        "daily_loss": daily_loss_view(reads.daily_loss),
    }


def daily_loss_view(loss: DailyLossFigures) -> dict[str, Any]:
    """The guard's own figures (ADR 0052): realized net of fees and funding plus unrealized, against its limit."""
    figures = loss.figures
    return {
        "asset": loss.asset,
        "used": Decimal(0) if figures is None else figures.used,
        "limit": None if figures is None else figures.allowed,
        "limit_fraction": loss.fraction,
        "day_start_equity": None if figures is None else figures.day_start_equity,
        "unrealized_pnl": None if figures is None else figures.unrealized_pnl,
        "reached": figures is not None and figures.reached,
    }


def _pnl(day: PnlDay) -> dict[str, Decimal]:
    return {"realized_pnl": day.realized_pnl, "fees": day.fees, "funding": day.funding, "net": day.net}
