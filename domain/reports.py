"""Venue-neutral reports: what the exchange says, in domain types (Decimal, int ids, aware UTC)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from domain.events.orders import OrderFacts
from domain.values import Side


@dataclass(frozen=True)
class SymbolRules:
    """exchangeInfo filters that decide whether a price/quantity is acceptable."""

    symbol: str
    tick_size: Decimal
    step_size: Decimal
    min_qty: Decimal
    max_qty: Decimal
    min_notional: Decimal
    market_step_size: Decimal | None = None


@dataclass(frozen=True)
class TradeReport:
    trade_id: int
    order_id: int
    client_order_id: str | None
    side: Side
    price: Decimal
    quantity: Decimal
    realized_pnl: Decimal
    commission: Decimal
    commission_asset: str
    maker: bool
    executed_at: datetime


@dataclass(frozen=True)
class PositionReport:
    quantity: Decimal
    entry_price: Decimal
    mark_price: Decimal
    unrealized_pnl: Decimal
    leverage: int | None
    updated_at: datetime
    # The symbol's margin type is Isolated (symbolConfig): the bot trades cross margin only (ADR 0087)
    isolated: bool = False


@dataclass(frozen=True)
class BalanceReport:
    asset: str
    wallet_balance: Decimal
    cross_wallet_balance: Decimal
    available_balance: Decimal
    updated_at: datetime


@dataclass(frozen=True)
class IncomeReport:
    """One income history row; amount is signed as Binance reports it (commission negative)."""

    income_type: str
    asset: str
    amount: Decimal
    time: datetime
    tran_id: int
    trade_id: int | None


@dataclass(frozen=True)
class KeyPermissions:
    """What an API key may do, as the exchange reports it: read, trade futures, withdraw; bound to IP addresses."""

    reading: bool
    futures: bool
    withdrawals: bool
    ip_restricted: bool


@dataclass(frozen=True)
class Kline:
    open_time: datetime
    close_time: datetime
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: Decimal
    closed: bool


@dataclass(frozen=True)
class OrderOwner:
    """An order the trade list names without a client id, known to the bot by its own order facts or intents;
    command_id when an intent names the command."""

    order_id: int
    client_order_id: str
    command_id: str | None = None


@dataclass(frozen=True)
class ExchangeSnapshot:
    """What one reconciliation pass read from the exchange.

    orders: the open regular and algo orders, plus the current state of any order that
    was looked up because it was open locally but missing from the open lists.
    owners: who placed the orders of listed or recorded trades that have no client id, as far as the bot knows.
    """

    taken_at: datetime
    trades: tuple[TradeReport, ...]
    orders: tuple[OrderFacts, ...]
    position: PositionReport
    balances: tuple[BalanceReport, ...]
    incomes: tuple[IncomeReport, ...] = field(default=())
    owners: tuple[OrderOwner, ...] = field(default=())
