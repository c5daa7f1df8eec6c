"""Account-level facts: balances, the position snapshot, leverage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from domain.events.envelope import EventPayload
from domain.times import epoch_ms
from domain.values import canonical


@dataclass(frozen=True)
class BalanceChanged(EventPayload):
    """The exchange's absolute balance of one asset at a moment."""

    TYPE = "balance.changed.v1"
    asset: str
    wallet_balance: Decimal
    cross_wallet_balance: Decimal
    reason: str
    changed_at: datetime

    def natural_key(self) -> str:
        # The reason keeps a reconcile correction apart from a stream snapshot of the same value in the same
        # millisecond: deduplicated, the later one would be dropped and the fold left on the earlier state
        return f"balance:{self.asset}:{self.reason}:{canonical(self.wallet_balance)}:{epoch_ms(self.changed_at)}"


@dataclass(frozen=True)
class PositionChanged(EventPayload):
    """The exchange's absolute one-way position (signed quantity) at a moment."""

    TYPE = "position.changed.v1"
    quantity: Decimal
    entry_price: Decimal
    reason: str
    changed_at: datetime

    def natural_key(self) -> str:
        # With the reason, as for balances: found by the stateful property test (tests/property)
        values = f"{canonical(self.quantity)}:{canonical(self.entry_price)}"
        return f"position:{self.reason}:{values}:{epoch_ms(self.changed_at)}"


@dataclass(frozen=True)
class LeverageChanged(EventPayload):
    TYPE = "leverage.changed.v1"
    leverage: int
    changed_at: datetime

    def natural_key(self) -> str:
        return f"leverage:{self.leverage}:{epoch_ms(self.changed_at)}"


@dataclass(frozen=True)
class MarginCalled(EventPayload):
    """The exchange warned that the account nears liquidation (MARGIN_CALL, ADR 0054): one event per position it
    lists, with the figures it sent. Advisory: the position and balance facts follow as their own events.

    margin_type CROSSED or ISOLATED (isolated_wallet 0 when crossed); position_side BOTH in one-way mode;
    cross_wallet_balance None when the warning carried none.
    """

    TYPE = "account.margin_call.v1"
    symbol: str
    position_side: str
    margin_type: str
    quantity: Decimal
    mark_price: Decimal
    unrealized_pnl: Decimal
    maintenance_margin: Decimal
    isolated_wallet: Decimal
    cross_wallet_balance: Decimal | None
    called_at: datetime

    def natural_key(self) -> str:
        # The warning has no id: the same position's call in the same millisecond is the same warning, seen twice
        return f"margin_call:{self.symbol}:{self.position_side}:{epoch_ms(self.called_at)}"
