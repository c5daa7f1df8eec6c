"""ORDER_TRADE_UPDATE of the user-data stream, and its inner `o` object."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Amount, Id, UtcTime
from domain.values import ZERO


class OrderUpdate(Message, frozen=True, kw_only=True):
    """The `o` object; N/n are absent on non-trade events of older payloads, rp on very old ones."""

    symbol: str = field(name="s")
    client_order_id: str = field(name="c")
    side: str = field(name="S")
    order_type: str = field(name="o")
    time_in_force: str | None = field(default=None, name="f")
    quantity: Amount = field(name="q")
    price: Amount = field(default=ZERO, name="p")
    avg_price: Amount = field(default=ZERO, name="ap")
    stop_price: Amount = field(default=ZERO, name="sp")
    execution_type: str = field(name="x")
    status: str = field(name="X")
    order_id: Id = field(name="i")
    last_qty: Amount = field(default=ZERO, name="l")
    filled_qty: Amount = field(name="z")
    last_price: Amount = field(default=ZERO, name="L")
    commission_asset: str | None = field(default=None, name="N")
    commission: Amount | None = field(default=None, name="n")
    trade_time: UtcTime = field(name="T")
    trade_id: Id = field(default=0, name="t")
    maker: bool = field(default=False, name="m")
    reduce_only: bool = field(default=False, name="R")
    close_position: bool = field(default=False, name="cp")
    realized_pnl: Amount | None = field(default=None, name="rp")


class OrderTradeUpdate(Message, frozen=True, kw_only=True):
    event_time: UtcTime = field(name="E")
    order: OrderUpdate = field(name="o")
