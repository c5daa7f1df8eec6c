"""ALGO_UPDATE frames: conditional orders of the Algo Service (since 2025-12-09)."""

from __future__ import annotations

from marshmallow import fields

from adapters.binance.schemas.base import WireSchema
from adapters.binance.schemas.fields import EpochMs, WireDecimal, WireInt, WireText


class AlgoOrderUpdateSchema(WireSchema):
    """The `o` object; ap/aq are absent before the trigger and amounts may be "" when not set."""

    client_algo_id = WireText(required=True, data_key="caid")
    algo_id = WireInt(required=True, data_key="aid")
    order_type = WireText(required=True, data_key="o")
    symbol = WireText(required=True, data_key="s")
    side = WireText(required=True, data_key="S")
    time_in_force = WireText(load_default=None, data_key="f")
    quantity = WireDecimal(allow_blank=True, load_default=None, data_key="q")
    status = WireText(required=True, data_key="X")
    avg_price = WireDecimal(allow_blank=True, load_default=None, data_key="ap")
    filled_qty = WireDecimal(allow_blank=True, load_default=None, data_key="aq")
    trigger_price = WireDecimal(allow_blank=True, load_default=None, data_key="tp")
    price = WireDecimal(allow_blank=True, load_default=None, data_key="p")
    close_position = fields.Boolean(load_default=False, data_key="cp")
    reduce_only = fields.Boolean(load_default=False, data_key="R")


class AlgoUpdateSchema(WireSchema):
    transaction_time = EpochMs(required=True, data_key="T")
    order = fields.Nested(AlgoOrderUpdateSchema, required=True, data_key="o")
