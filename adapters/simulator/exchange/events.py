"""User-data events as the engine emits them: typed records the wire layer turns into Binance JSON.

Order for one fill, as the 2026 capture `ws_sequence_limit_fill_2026.json` shows: TRADE_LITE, then
ACCOUNT_UPDATE, then ORDER_TRADE_UPDATE, all with the same T. An order's ORDER_TRADE_UPDATE x=NEW comes
before its first fill (`ws_sequence_market_entry_with_tp_sl_2021.json`); a taker order that walks several
levels emits that triple once per trade.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from .orders import AlgoOrder, Order
from .vocabulary import ZERO, Side


class ExecutionType(str, Enum):
    NEW = "NEW"
    TRADE = "TRADE"
    CANCELED = "CANCELED"
    EXPIRED = "EXPIRED"
    CALCULATED = "CALCULATED"  # a liquidation's fill


class UpdateReason(str, Enum):
    """ACCOUNT_UPDATE `m` values this engine produces."""

    ORDER = "ORDER"
    FUNDING_FEE = "FUNDING_FEE"
    INSURANCE_CLEAR = "INSURANCE_CLEAR"
    DEPOSIT = "DEPOSIT"
    WITHDRAW = "WITHDRAW"


@dataclass(frozen=True)
class OrderTradeUpdate:
    """ORDER_TRADE_UPDATE: `order` is the snapshot after this execution (X, z, ap…); the rest is this execution."""

    event_time: int
    transaction_time: int
    order: Order
    execution_type: ExecutionType
    commission_asset: str
    bids_notional: Decimal
    asks_notional: Decimal
    last_filled_qty: Decimal = ZERO
    last_filled_price: Decimal = ZERO
    commission: Decimal = ZERO
    trade_id: int = 0
    is_maker: bool = False
    realized_profit: Decimal = ZERO

    @property
    def trade_time(self) -> int:
        return self.transaction_time


@dataclass(frozen=True)
class TradeLite:
    """TRADE_LITE: the low-latency fill notice (`q`/`p` are the order's quantity and price)."""

    event_time: int
    transaction_time: int
    symbol: str
    orig_qty: Decimal
    price: Decimal
    is_maker: bool
    client_order_id: str
    side: Side
    last_price: Decimal
    last_qty: Decimal
    trade_id: int
    order_id: int


@dataclass(frozen=True)
class BalanceChange:
    """One `B` entry; `cross_wallet_balance` is the wallet less the asset's isolated wallets."""

    asset: str
    wallet_balance: Decimal
    cross_wallet_balance: Decimal
    balance_change: Decimal


@dataclass(frozen=True)
class PositionChange:
    """One `P` entry (pa, ep, bep, cr, up, mt, iw, ps, ma)."""

    symbol: str
    position_amount: Decimal
    entry_price: Decimal
    break_even_price: Decimal
    accumulated_realized: Decimal
    unrealized_pnl: Decimal
    margin_asset: str
    margin_type: str = "cross"
    isolated_wallet: Decimal = ZERO
    position_side: str = "BOTH"


@dataclass(frozen=True)
class AccountUpdate:
    """ACCOUNT_UPDATE; `symbol` is the `a.S` of FUNDING_FEE updates (None otherwise); `positions` may be empty."""

    event_time: int
    transaction_time: int
    reason: UpdateReason
    balances: tuple[BalanceChange, ...]
    positions: tuple[PositionChange, ...]
    symbol: str | None = None


@dataclass(frozen=True)
class AlgoUpdate:
    """ALGO_UPDATE: the algo order's snapshot after the change (X, ai, ap, aq, tt, rm…)."""

    event_time: int
    transaction_time: int
    algo: AlgoOrder


@dataclass(frozen=True)
class AccountConfigUpdate:
    """ACCOUNT_CONFIG_UPDATE with `ac{s, l}` (a leverage change)."""

    event_time: int
    transaction_time: int
    symbol: str
    leverage: int


@dataclass(frozen=True)
class MarginCallPosition:
    """One `p` entry of MARGIN_CALL (cross: `iw` 0); `maint_margin` is the `mm` the position requires."""

    symbol: str
    position_amount: Decimal
    mark_price: Decimal
    unrealized_pnl: Decimal
    maint_margin: Decimal
    margin_type: str = "CROSSED"
    isolated_wallet: Decimal = ZERO
    position_side: str = "BOTH"


@dataclass(frozen=True)
class MarginCall:
    """MARGIN_CALL: advisory, with the cross wallet `cw` and the account's positions; it has no `T`."""

    event_time: int
    cross_wallet_balance: Decimal
    positions: tuple[MarginCallPosition, ...]


UserDataEvent = OrderTradeUpdate | TradeLite | AccountUpdate | AlgoUpdate | AccountConfigUpdate | MarginCall
