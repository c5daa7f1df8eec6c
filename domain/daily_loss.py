"""Today's loss against the daily loss limit, as the risk guard measures it and the dashboard shows it (PRD §4.9)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.projections.rows import PnlDay
from domain.values import ZERO


@dataclass(frozen=True)
class DailyLoss:
    """loss: −(realized − fees + funding + unrealized) of the UTC day, negative on a gain; allowed: fraction × day-start
    equity. New exposure is refused once `reached`."""

    today: PnlDay
    unrealized_pnl: Decimal
    day_start_equity: Decimal
    fraction: Decimal
    loss: Decimal
    allowed: Decimal

    @property
    def reached(self) -> bool:
        return self.loss >= self.allowed

    @property
    def used(self) -> Decimal:
        """The loss as a share of the limit is shown: a gain uses none of it."""
        return max(ZERO, self.loss)


def day_start_equity(wallet_balance: Decimal, today: PnlDay) -> Decimal:
    """The wallet at 00:00 UTC: today's net PnL and today's transfers taken back out, so moving funds in or out during
    the day changes neither the loss nor the limit (ADR 0090)."""
    return wallet_balance - today.net - today.transfers


def daily_loss(today: PnlDay, unrealized_pnl: Decimal, start_equity: Decimal, fraction: Decimal) -> DailyLoss:
    """The day's loss (realized net of fees and funding, plus the open position's unrealized PnL) and its limit."""
    loss = -(today.net + unrealized_pnl)
    return DailyLoss(today, unrealized_pnl, start_equity, fraction, loss, fraction * start_equity)
