"""Non-event results of the user-data translator: hints that ask the bot to reconcile, and problems to record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class FillHint:
    """TRADE_LITE announced a fill: reconcile this order soon; never an event (no fee, no realized PnL)."""

    order_id: int
    trade_id: int
    client_order_id: str | None
    at: datetime


@dataclass(frozen=True)
class MarginCallHint:
    """MARGIN_CALL for the configured symbol: advisory; the facts follow as ACCOUNT_UPDATE and REST snapshots."""

    at: datetime
    cross_wallet_balance: Decimal | None


@dataclass(frozen=True)
class StreamProblem:
    """Part of a frame that must be recorded as ExchangeErrorRecorded; the stream entry point adds the raw text."""

    message: str
