"""A row of /fapi/v1/userTrades."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Amount, Id, UtcTime


class UserTrade(Message, frozen=True, kw_only=True):
    symbol: str = field(name="symbol")
    trade_id: Id = field(name="id")
    order_id: Id = field(name="orderId")
    side: str = field(name="side")
    price: Amount = field(name="price")
    quantity: Amount = field(name="qty")
    realized_pnl: Amount = field(name="realizedPnl")
    commission: Amount = field(name="commission")
    commission_asset: str = field(name="commissionAsset")
    maker: bool = field(name="maker")
    time: UtcTime = field(name="time")
