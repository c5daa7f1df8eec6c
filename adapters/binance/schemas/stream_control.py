"""Frames about the stream itself or about rejected triggers: listenKeyExpired, CONDITIONAL_ORDER_TRIGGER_REJECT."""

from __future__ import annotations

from marshmallow import fields

from adapters.binance.schemas.base import WireSchema
from adapters.binance.schemas.fields import EpochMs, WireInt, WireText


class ListenKeyExpiredSchema(WireSchema):
    """E was a JSON string in 2023 and is a number in current docs: both are read."""

    event_time = EpochMs(required=True, data_key="E")


class TriggerRejectDetailSchema(WireSchema):
    symbol = WireText(required=True, data_key="s")
    order_id = WireInt(required=True, data_key="i")
    reason = WireText(load_default="", data_key="r")


class TriggerRejectSchema(WireSchema):
    transaction_time = EpochMs(required=True, data_key="T")
    reject = fields.Nested(TriggerRejectDetailSchema, required=True, data_key="or")
