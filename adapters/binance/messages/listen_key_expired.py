"""listenKeyExpired of the user-data stream."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import UtcTime


class ListenKeyExpired(Message, frozen=True, kw_only=True):
    """E was a JSON string in 2023 and is a number in current docs: both are read."""

    event_time: UtcTime = field(name="E")
