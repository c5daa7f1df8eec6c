"""/fapi/v1/time."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import UtcTime


class ServerTime(Message, frozen=True, kw_only=True):
    server_time: UtcTime = field(name="serverTime")
