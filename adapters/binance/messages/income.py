"""A row of /fapi/v1/income."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Amount, BlankId, Id, UtcTime


class Income(Message, frozen=True, kw_only=True):
    """symbol is "" on account-wide rows (transfers); tradeId is "" when the row is not about a fill."""

    symbol: str = field(default="", name="symbol")
    income_type: str = field(name="incomeType")
    amount: Amount = field(name="income")
    asset: str = field(name="asset")
    time: UtcTime = field(name="time")
    tran_id: Id = field(name="tranId")
    trade_id: BlankId = field(default=None, name="tradeId")
