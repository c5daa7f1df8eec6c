"""An order object of /fapi/v1/order, openOrder(s) and allOrders."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Amount, Id, UtcTimeOrUnset
from domain.values import ZERO


class RestOrder(Message, frozen=True, kw_only=True):
    """avgPrice/cumQuote are no longer documented (2026-07) but still sent; both are optional."""

    order_id: Id = field(name="orderId")
    symbol: str = field(name="symbol")
    status: str = field(name="status")
    client_order_id: str = field(name="clientOrderId")
    price: Amount = field(default=ZERO, name="price")
    avg_price: Amount | None = field(default=None, name="avgPrice")
    quantity: Amount = field(name="origQty")
    filled_qty: Amount = field(name="executedQty")
    cum_quote: Amount | None = field(default=None, name="cumQuote")
    time_in_force: str | None = field(default=None, name="timeInForce")
    order_type: str = field(name="type")
    reduce_only: bool = field(default=False, name="reduceOnly")
    close_position: bool = field(default=False, name="closePosition")
    side: str = field(name="side")
    stop_price: Amount = field(default=ZERO, name="stopPrice")
    update_time: UtcTimeOrUnset = field(default=None, name="updateTime")
    time: UtcTimeOrUnset = field(default=None, name="time")
