"""POST /fapi/v1/listenKey."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message


class ListenKey(Message, frozen=True, kw_only=True):
    listen_key: str = field(name="listenKey")
