"""GET /fapi/v1/positionSide/dual."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message


class PositionMode(Message, frozen=True, kw_only=True):
    dual_side: bool = field(name="dualSidePosition")
