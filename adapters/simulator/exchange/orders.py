"""Order and algo-order states as immutable snapshots; the engine replaces a snapshot on every change."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum
from typing import TypedDict, Unpack

from .amounts import price8
from .vocabulary import ZERO, OrderStatus, OrderType, Side, TimeInForce

# Types Binance moved to the Algo Service in 2025-12: /fapi/v1/order answers them with -4120
CONDITIONAL_TYPE_NAMES = frozenset({"STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET"})
ALGO_TYPES = frozenset({OrderType.STOP_MARKET, OrderType.TAKE_PROFIT_MARKET})
OPEN_REGULAR = frozenset({OrderStatus.NEW, OrderStatus.PARTIALLY_FILLED})


class WorkingType(str, Enum):
    MARK_PRICE = "MARK_PRICE"
    CONTRACT_PRICE = "CONTRACT_PRICE"


class ExpiryReason(int, Enum):
    """The `er` codes of ORDER_TRADE_UPDATE that this engine produces (API.md §6)."""

    NONE = 0
    IOC_REMAINDER = 2
    REDUCE_ONLY = 4
    LIQUIDATION = 5
    MARKET_NOT_FILLED = 9


@dataclass(frozen=True)
class Order:
    """A regular (matching-engine) order: LIMIT or MARKET, possibly born from a triggered algo order."""

    order_id: int
    client_order_id: str
    symbol: str
    side: Side
    order_type: OrderType
    time_in_force: TimeInForce
    orig_qty: Decimal
    price: Decimal
    reduce_only: bool
    status: OrderStatus
    time: int
    update_time: int
    by_hand: bool = False
    executed_qty: Decimal = ZERO
    cum_quote: Decimal = ZERO
    orig_type: OrderType | None = None
    stop_price: Decimal = ZERO
    working_type: WorkingType = WorkingType.CONTRACT_PRICE
    close_position: bool = False
    price_protect: bool = False
    expiry_reason: ExpiryReason = ExpiryReason.NONE
    algo_id: int | None = None
    position_side: str = "BOTH"
    self_trade_prevention: str = "EXPIRE_MAKER"
    price_match: str = "NONE"
    good_till_date: int = 0

    @property
    def original_type(self) -> OrderType:
        return self.orig_type or self.order_type

    @property
    def remaining(self) -> Decimal:
        return self.orig_qty - self.executed_qty

    @property
    def avg_price(self) -> Decimal:
        return price8(self.cum_quote / self.executed_qty) if self.executed_qty else ZERO

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REGULAR

    def with_fill(self, qty: Decimal, price: Decimal, now: int) -> Order:
        executed = self.executed_qty + qty
        status = OrderStatus.FILLED if executed == self.orig_qty else OrderStatus.PARTIALLY_FILLED
        return replace(
            self, executed_qty=executed, cum_quote=self.cum_quote + qty * price, status=status, update_time=now
        )

    def closed(self, status: OrderStatus, now: int, reason: ExpiryReason = ExpiryReason.NONE) -> Order:
        return replace(self, status=status, update_time=now, expiry_reason=reason)


class AlgoProgress(TypedDict, total=False):
    """What an algo order learns as it moves on: when it triggered, the order it placed, how that ended."""

    trigger_time: int
    actual_order_id: int | None
    actual_order_type: str
    actual_price: Decimal
    executed_qty: Decimal
    reject_reason: str


@dataclass(frozen=True)
class AlgoOrder:
    """A conditional order held by the Algo Service until its trigger price is crossed."""

    algo_id: int
    client_algo_id: str
    symbol: str
    side: Side
    order_type: OrderType
    quantity: Decimal
    trigger_price: Decimal
    working_type: WorkingType
    close_position: bool
    reduce_only: bool
    status: OrderStatus
    create_time: int
    update_time: int
    by_hand: bool = False
    price_protect: bool = False
    trigger_time: int = 0
    actual_order_id: int | None = None
    actual_order_type: str = ""
    actual_price: Decimal = ZERO
    executed_qty: Decimal = ZERO
    reject_reason: str = ""
    algo_type: str = "CONDITIONAL"
    time_in_force: TimeInForce = TimeInForce.GTC
    price: Decimal = ZERO
    position_side: str = "BOTH"
    self_trade_prevention: str = "EXPIRE_MAKER"
    price_match: str = "NONE"
    good_till_date: int = 0

    @property
    def is_open(self) -> bool:
        return self.status is OrderStatus.NEW

    def is_triggered_by(self, price: Decimal) -> bool:
        """API.md §5: STOP buys at price ≥ trigger, sells at ≤; TAKE_PROFIT the reverse."""
        rising = (self.order_type is OrderType.STOP_MARKET) == (self.side is Side.BUY)
        return price >= self.trigger_price if rising else price <= self.trigger_price

    def moved_to(self, status: OrderStatus, now: int, **changes: Unpack[AlgoProgress]) -> AlgoOrder:
        return replace(self, status=status, update_time=now, **changes)
