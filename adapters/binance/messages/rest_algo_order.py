"""An algo order object of /fapi/v1/algoOrder, openAlgoOrders and allAlgoOrders."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import BlankAmount, Id, UtcTimeOrUnset


class RestAlgoOrder(Message, frozen=True, kw_only=True):
    """No fill quantity is documented for algo orders; executedQty/avgPrice are read if Binance ever sends them."""

    algo_id: Id = field(name="algoId")
    client_algo_id: str = field(name="clientAlgoId")
    order_type: str = field(name="orderType")
    symbol: str = field(name="symbol")
    side: str = field(name="side")
    time_in_force: str | None = field(default=None, name="timeInForce")
    quantity: BlankAmount = field(default=None, name="quantity")
    status: str = field(name="algoStatus")
    trigger_price: BlankAmount = field(default=None, name="triggerPrice")
    price: BlankAmount = field(default=None, name="price")
    filled_qty: BlankAmount = field(default=None, name="executedQty")
    avg_price: BlankAmount = field(default=None, name="avgPrice")
    close_position: bool = field(default=False, name="closePosition")
    reduce_only: bool = field(default=False, name="reduceOnly")
    update_time: UtcTimeOrUnset = field(default=None, name="updateTime")
    create_time: UtcTimeOrUnset = field(default=None, name="createTime")
