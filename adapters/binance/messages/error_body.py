"""Binance's error body {"code": -2019, "msg": "Margin is insufficient."}."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Id


class ErrorBody(Message, frozen=True, kw_only=True):
    code: Id = field(name="code")
    message: str = field(default="", name="msg")
