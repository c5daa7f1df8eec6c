"""Read-model rows: what the dashboard and the strategy see, derived from events only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from domain.values import ZERO, EngineState, OrderStatus, OrderType, Side, TimeInForce


@dataclass(frozen=True)
class Position:
    """One-way position; quantity is signed (positive long, negative short).

    snapshot_at is the exchange time of the last absolute snapshot folded in: fills up to then are already inside it.
    """

    symbol: str
    quantity: Decimal
    entry_price: Decimal
    realized_pnl: Decimal
    leverage: int | None
    updated_at: datetime | None
    snapshot_at: datetime | None = None

    @classmethod
    def flat(cls, symbol: str) -> Position:
        return cls(symbol, ZERO, ZERO, ZERO, None, None)

    @property
    def key(self) -> str:
        return self.symbol

    @property
    def side(self) -> str:
        return "LONG" if self.quantity > 0 else "SHORT" if self.quantity < 0 else "FLAT"

    def unrealized_pnl(self, mark_price: Decimal) -> Decimal:
        return (mark_price - self.entry_price) * self.quantity


@dataclass(frozen=True)
class Balance:
    asset: str
    wallet_balance: Decimal
    cross_wallet_balance: Decimal
    updated_at: datetime

    @property
    def key(self) -> str:
        return self.asset


@dataclass(frozen=True)
class OpenOrder:
    order_key: str
    client_order_id: str
    order_id: int
    conditional: bool
    side: Side
    order_type: OrderType
    quantity: Decimal
    price: Decimal | None
    trigger_price: Decimal | None
    reduce_only: bool
    close_position: bool
    time_in_force: TimeInForce | None
    status: OrderStatus
    filled_qty: Decimal
    avg_price: Decimal
    external: bool
    updated_at: datetime

    @property
    def key(self) -> str:
        return self.order_key


@dataclass(frozen=True)
class ClosedOrder:
    """Tombstone of an order that reached a final status: a late "open" report must never bring it back."""

    order_key: str
    status: OrderStatus
    filled_qty: Decimal
    updated_at: datetime

    @property
    def key(self) -> str:
        return self.order_key


@dataclass(frozen=True)
class Trade:
    """A fill joined with its fee; either half may arrive first, so both halves are optional."""

    trade_id: int
    order_id: int | None = None
    client_order_id: str | None = None
    side: Side | None = None
    price: Decimal | None = None
    quantity: Decimal | None = None
    realized_pnl: Decimal | None = None
    maker: bool | None = None
    external: bool | None = None
    executed_at: datetime | None = None
    fee: Decimal | None = None
    fee_asset: str | None = None

    @property
    def key(self) -> str:
        return str(self.trade_id)


@dataclass(frozen=True)
class PnlDay:
    """One UTC day of the PnL ledger; fees are costs, funding is signed income; transfers (signed, into the futures
    wallet) are kept beside it and are no part of `net`: moved funds are neither profit nor loss."""

    day: date
    realized_pnl: Decimal
    fees: Decimal
    funding: Decimal
    transfers: Decimal = ZERO

    @classmethod
    def empty(cls, day: date) -> PnlDay:
        return cls(day, ZERO, ZERO, ZERO, ZERO)

    @property
    def key(self) -> str:
        return self.day.isoformat()

    @property
    def net(self) -> Decimal:
        return self.realized_pnl - self.fees + self.funding


@dataclass(frozen=True)
class EngineStatus:
    """Paused or running, and why; survives restarts because it is folded from events."""

    name: str
    state: EngineState
    reason: str
    changed_at: datetime

    @property
    def key(self) -> str:
        return self.name


Row = Position | Balance | OpenOrder | ClosedOrder | Trade | PnlDay | EngineStatus

ROW_TYPES: dict[str, type] = {
    "position": Position,
    "balance": Balance,
    "order_open": OpenOrder,
    "order_closed": ClosedOrder,
    "trade": Trade,
    "pnl_day": PnlDay,
    "engine": EngineStatus,
}
