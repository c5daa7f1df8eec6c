"""ALGO_UPDATE of the user-data stream: conditional orders of the Algo Service (since 2025-12-09)."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import BlankAmount, Id, UtcTime


class AlgoOrderUpdate(Message, frozen=True, kw_only=True):
    """The `o` object; ap/aq are absent before the trigger and amounts may be "" when not set."""

    client_algo_id: str = field(name="caid")
    algo_id: Id = field(name="aid")
    order_type: str = field(name="o")
    symbol: str = field(name="s")
    side: str = field(name="S")
    time_in_force: str | None = field(default=None, name="f")
    quantity: BlankAmount = field(default=None, name="q")
    status: str = field(name="X")
    avg_price: BlankAmount = field(default=None, name="ap")
    filled_qty: BlankAmount = field(default=None, name="aq")
    trigger_price: BlankAmount = field(default=None, name="tp")
    price: BlankAmount = field(default=None, name="p")
    close_position: bool = field(default=False, name="cp")
    reduce_only: bool = field(default=False, name="R")


class AlgoUpdate(Message, frozen=True, kw_only=True):
    transaction_time: UtcTime = field(name="T")
    order: AlgoOrderUpdate = field(name="o")
