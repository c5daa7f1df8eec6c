"""PnL ledger fold: realized PnL, fees (commissions and liquidation clearance) and funding kept apart, per UTC day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from domain.events import FeeCharged, FundingApplied, LiquidationFeeCharged, TradeExecuted, TransferMade
from domain.projections.rows import PnlDay
from domain.values import ZERO


def utc_day(moment: datetime) -> date:
    # Stored times are already UTC: skip the conversion, which builds a new datetime per fact of a replay
    return moment.date() if moment.tzinfo is UTC else moment.astimezone(UTC).date()


LedgerFact = TradeExecuted | FeeCharged | LiquidationFeeCharged | FundingApplied | TransferMade


def day_of(payload: LedgerFact) -> date:
    if isinstance(payload, TradeExecuted):
        return utc_day(payload.executed_at)
    if isinstance(payload, (FeeCharged, LiquidationFeeCharged)):
        return utc_day(payload.charged_at)
    if isinstance(payload, TransferMade):
        return utc_day(payload.made_at)
    return utc_day(payload.funding_time)


def after(day: PnlDay, payload: LedgerFact) -> PnlDay:
    # Built directly rather than with dataclasses.replace: this runs for most events of a replay
    if isinstance(payload, TradeExecuted):
        return PnlDay(day.day, day.realized_pnl + payload.realized_pnl, day.fees, day.funding, day.transfers)
    if isinstance(payload, (FeeCharged, LiquidationFeeCharged)):
        return PnlDay(day.day, day.realized_pnl, day.fees + payload.amount, day.funding, day.transfers)
    if isinstance(payload, TransferMade):
        return PnlDay(day.day, day.realized_pnl, day.fees, day.funding, day.transfers + payload.amount)
    return PnlDay(day.day, day.realized_pnl, day.fees, day.funding + payload.amount, day.transfers)


def total(days: Iterable[PnlDay]) -> PnlDay:
    """All days summed; the result's day is the latest one seen (date.min when empty)."""
    realized = fees = funding = transfers = ZERO
    latest = date.min
    for day in days:
        realized, fees, funding = realized + day.realized_pnl, fees + day.fees, funding + day.funding
        transfers += day.transfers
        latest = max(latest, day.day)
    return PnlDay(latest, realized, fees, funding, transfers)
