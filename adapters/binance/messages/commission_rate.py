"""/fapi/v1/commissionRate."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Amount


class CommissionRate(Message, frozen=True, kw_only=True):
    symbol: str = field(name="symbol")
    maker: Amount = field(name="makerCommissionRate")
    taker: Amount = field(name="takerCommissionRate")
