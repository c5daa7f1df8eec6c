"""Market stream frames the bot consumes: kline and markPriceUpdate."""

from __future__ import annotations

from marshmallow import fields

from adapters.binance.schemas.base import WireSchema
from adapters.binance.schemas.fields import EpochMs, WireDecimal, WireText


class StreamKlineSchema(WireSchema):
    open_time = EpochMs(required=True, data_key="t")
    close_time = EpochMs(required=True, data_key="T")
    open = WireDecimal(required=True, data_key="o")
    high = WireDecimal(required=True, data_key="h")
    low = WireDecimal(required=True, data_key="l")
    close = WireDecimal(required=True, data_key="c")
    volume = WireDecimal(required=True, data_key="v")
    closed = fields.Boolean(required=True, data_key="x")


class KlineEventSchema(WireSchema):
    symbol = WireText(required=True, data_key="s")
    kline = fields.Nested(StreamKlineSchema, required=True, data_key="k")


class MarkPriceEventSchema(WireSchema):
    event_time = EpochMs(required=True, data_key="E")
    symbol = WireText(required=True, data_key="s")
    mark_price = WireDecimal(required=True, data_key="p")
