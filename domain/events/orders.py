"""Order and fill facts reported by the exchange (or by our executor after an ack)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from domain.events.envelope import EventPayload
from domain.times import epoch_ms
from domain.values import OrderStatus, OrderType, Side, TimeInForce, canonical


@dataclass(frozen=True)
class OrderFacts(EventPayload):
    """The full description of one order as the exchange reports it; conditional = an algo order."""

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
    def order_key(self) -> str:
        """Exchange identity: regular order ids and algo ids are separate number spaces."""
        return f"{'algo' if self.conditional else 'order'}:{self.order_id}"


@dataclass(frozen=True)
class OrderPlaced(OrderFacts):
    TYPE = "order.placed.v1"
    command_id: str | None = None

    def natural_key(self) -> str:
        return f"order.placed:{self.order_key}"


@dataclass(frozen=True)
class OrderUpdated(OrderFacts):
    TYPE = "order.updated.v1"

    def natural_key(self) -> str:
        return f"order.updated:{self.order_key}:{self.status.value}:{canonical(self.filled_qty)}"


@dataclass(frozen=True)
class OrderRejected(EventPayload):
    """The exchange refused an order we sent; nothing exists on the exchange."""

    TYPE = "order.rejected.v1"
    client_order_id: str
    command_id: str | None
    code: int
    reason: str

    def natural_key(self) -> str:
        return f"order.rejected:{self.client_order_id}"


@dataclass(frozen=True)
class TradeExecuted(EventPayload):
    """One fill; realized_pnl excludes fees, as on Binance."""

    TYPE = "trade.executed.v1"
    trade_id: int
    order_id: int
    client_order_id: str | None
    side: Side
    price: Decimal
    quantity: Decimal
    realized_pnl: Decimal
    maker: bool
    external: bool
    executed_at: datetime

    def natural_key(self) -> str:
        return f"trade:{self.trade_id}"


@dataclass(frozen=True)
class TradeAttributed(EventPayload):
    """A fill recorded as external with no client id turned out to be the bot's own (ADR 0048, Addendum 2): the
    trade list names no client id and its order was invisible when the fill was stored; command_id when an intent
    names it."""

    TYPE = "trade.attributed.v1"
    trade_id: int
    order_id: int
    client_order_id: str
    command_id: str | None

    def natural_key(self) -> str:
        return f"attributed:{self.trade_id}"


@dataclass(frozen=True)
class FeeCharged(EventPayload):
    """Commission of one fill; amount is the positive cost (negative = rebate)."""

    TYPE = "fee.charged.v1"
    trade_id: int
    asset: str
    amount: Decimal
    charged_at: datetime

    def natural_key(self) -> str:
        return f"fee:{self.trade_id}"


@dataclass(frozen=True)
class LiquidationFeeCharged(EventPayload):
    """A liquidation's clearance fee to the insurance fund (income INSURANCE_CLEAR); amount is the positive cost.

    Negative when the fund tops a wallet a liquidation left below zero back up to zero.
    """

    TYPE = "fee.liquidation_charged.v1"
    asset: str
    amount: Decimal
    charged_at: datetime
    tran_id: int

    def natural_key(self) -> str:
        return f"liquidation-fee:{self.tran_id}"


@dataclass(frozen=True)
class FundingApplied(EventPayload):
    """One funding settlement; amount is signed income (positive = received)."""

    TYPE = "funding.applied.v1"
    asset: str
    amount: Decimal
    funding_time: datetime
    tran_id: int | None

    def natural_key(self) -> str:
        return f"funding:{self.asset}:{epoch_ms(self.funding_time)}"
