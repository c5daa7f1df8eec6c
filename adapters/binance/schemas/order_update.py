"""ORDER_TRADE_UPDATE (its inner `o` object) and TRADE_LITE frames of the user-data stream."""

from __future__ import annotations

from marshmallow import fields

from adapters.binance.schemas.base import WireSchema
from adapters.binance.schemas.fields import EpochMs, WireDecimal, WireInt, WireText
from domain.values import ZERO


class OrderUpdateSchema(WireSchema):
    """The `o` object; N/n are absent on non-trade events of older payloads, rp on very old ones."""

    symbol = WireText(required=True, data_key="s")
    client_order_id = WireText(required=True, data_key="c")
    side = WireText(required=True, data_key="S")
    order_type = WireText(required=True, data_key="o")
    time_in_force = WireText(load_default=None, data_key="f")
    quantity = WireDecimal(required=True, data_key="q")
    price = WireDecimal(load_default=ZERO, data_key="p")
    avg_price = WireDecimal(load_default=ZERO, data_key="ap")
    stop_price = WireDecimal(load_default=ZERO, data_key="sp")
    execution_type = WireText(required=True, data_key="x")
    status = WireText(required=True, data_key="X")
    order_id = WireInt(required=True, data_key="i")
    last_qty = WireDecimal(load_default=ZERO, data_key="l")
    filled_qty = WireDecimal(required=True, data_key="z")
    last_price = WireDecimal(load_default=ZERO, data_key="L")
    commission_asset = WireText(load_default=None, data_key="N")
    commission = WireDecimal(load_default=None, data_key="n")
    trade_time = EpochMs(required=True, data_key="T")
    trade_id = WireInt(load_default=0, data_key="t")
    maker = fields.Boolean(load_default=False, data_key="m")
    reduce_only = fields.Boolean(load_default=False, data_key="R")
    close_position = fields.Boolean(load_default=False, data_key="cp")
    realized_pnl = WireDecimal(load_default=None, data_key="rp")


class OrderTradeUpdateSchema(WireSchema):
    event_time = EpochMs(required=True, data_key="E")
    order = fields.Nested(OrderUpdateSchema, required=True, data_key="o")


class TradeLiteSchema(WireSchema):
    symbol = WireText(required=True, data_key="s")
    client_order_id = WireText(load_default=None, data_key="c")
    order_id = WireInt(required=True, data_key="i")
    trade_id = WireInt(required=True, data_key="t")
    trade_time = EpochMs(required=True, data_key="T")
