"""MARGIN_CALL of the user-data stream."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta, field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Amount, UtcTime


class MarginCallRow(Message, frozen=True, kw_only=True):
    symbol: str = field(name="s")
    position_side: str = field(name="ps")
    quantity: Amount = field(name="pa")
    margin_type: str = field(name="mt")
    isolated_wallet: Amount = field(name="iw")
    mark_price: Amount = field(name="mp")
    unrealized_pnl: Amount = field(name="up")
    maintenance_margin: Amount = field(name="mm")


class MarginCall(Message, frozen=True, kw_only=True):
    """No `T`: the warning's time is its event time `E`. A call without positions warns of nothing to record."""

    event_time: UtcTime = field(name="E")
    cross_wallet_balance: Amount | None = field(default=None, name="cw")
    positions: Annotated[tuple[MarginCallRow, ...], Meta(min_length=1)] = field(name="p")
