"""A row of /fapi/v2|v3/positionRisk."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import ONE_WAY, Amount, Id, UtcTimeOrUnset


class PositionRisk(Message, frozen=True, kw_only=True):
    """v2 rows carry leverage (as a string); v3 rows do not. updateTime is 0 on rows that never moved."""

    symbol: str = field(name="symbol")
    position_side: str = field(default=ONE_WAY, name="positionSide")
    quantity: Amount = field(name="positionAmt")
    entry_price: Amount = field(name="entryPrice")
    mark_price: Amount = field(name="markPrice")
    unrealized_pnl: Amount = field(name="unRealizedProfit")
    leverage: Id | None = field(default=None, name="leverage")
    update_time: UtcTimeOrUnset = field(default=None, name="updateTime")
