"""CONDITIONAL_ORDER_TRIGGER_REJECT of the user-data stream."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Id, UtcTime


class TriggerRejectDetail(Message, frozen=True, kw_only=True):
    symbol: str = field(name="s")
    order_id: Id = field(name="i")
    reason: str = field(default="", name="r")


class TriggerReject(Message, frozen=True, kw_only=True):
    transaction_time: UtcTime = field(name="T")
    reject: TriggerRejectDetail = field(name="or")
