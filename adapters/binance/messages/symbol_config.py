"""A row of /fapi/v1/symbolConfig, and the answer of POST /fapi/v1/leverage (the same two fields; only symbolConfig
has the margin type)."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Id


class SymbolLeverage(Message, frozen=True, kw_only=True):
    symbol: str = field(name="symbol")
    leverage: Id = field(name="leverage")
    margin_type: str = field(name="marginType", default="CROSSED")
