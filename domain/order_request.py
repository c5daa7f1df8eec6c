"""An order exactly as it will be sent: already rounded, with its deterministic client id."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.values import OrderType, Side, TimeInForce


@dataclass(frozen=True)
class OrderRequest:
    symbol: str
    client_order_id: str
    side: Side
    order_type: OrderType
    quantity: Decimal
    price: Decimal | None = None
    trigger_price: Decimal | None = None
    time_in_force: TimeInForce | None = None
    reduce_only: bool = False
    close_position: bool = False

    @property
    def conditional(self) -> bool:
        """Conditional types go through Binance's algo order API."""
        return self.order_type.is_conditional
