"""Order objects of /fapi/v1/order, openOrder(s), allOrders and of the algo order endpoints."""

from __future__ import annotations

from marshmallow import fields

from adapters.binance.schemas.base import WireSchema
from adapters.binance.schemas.fields import EpochMs, WireDecimal, WireInt, WireText
from domain.values import ZERO


class RestOrderSchema(WireSchema):
    """avgPrice/cumQuote are no longer documented (2026-07) but still sent; both are optional."""

    order_id = WireInt(required=True, data_key="orderId")
    symbol = WireText(required=True, data_key="symbol")
    status = WireText(required=True, data_key="status")
    client_order_id = WireText(required=True, data_key="clientOrderId")
    price = WireDecimal(load_default=ZERO, data_key="price")
    avg_price = WireDecimal(load_default=None, data_key="avgPrice")
    quantity = WireDecimal(required=True, data_key="origQty")
    filled_qty = WireDecimal(required=True, data_key="executedQty")
    cum_quote = WireDecimal(load_default=None, data_key="cumQuote")
    time_in_force = WireText(load_default=None, data_key="timeInForce")
    order_type = WireText(required=True, data_key="type")
    reduce_only = fields.Boolean(load_default=False, data_key="reduceOnly")
    close_position = fields.Boolean(load_default=False, data_key="closePosition")
    side = WireText(required=True, data_key="side")
    stop_price = WireDecimal(load_default=ZERO, data_key="stopPrice")
    update_time = EpochMs(zero_is_none=True, load_default=None, data_key="updateTime")
    time = EpochMs(zero_is_none=True, load_default=None, data_key="time")


class RestAlgoOrderSchema(WireSchema):
    """No fill quantity is documented for algo orders; executedQty/avgPrice are read if Binance ever sends them."""

    algo_id = WireInt(required=True, data_key="algoId")
    client_algo_id = WireText(required=True, data_key="clientAlgoId")
    order_type = WireText(required=True, data_key="orderType")
    symbol = WireText(required=True, data_key="symbol")
    side = WireText(required=True, data_key="side")
    time_in_force = WireText(load_default=None, data_key="timeInForce")
    quantity = WireDecimal(allow_blank=True, load_default=None, data_key="quantity")
    status = WireText(required=True, data_key="algoStatus")
    trigger_price = WireDecimal(allow_blank=True, load_default=None, data_key="triggerPrice")
    price = WireDecimal(allow_blank=True, load_default=None, data_key="price")
    filled_qty = WireDecimal(allow_blank=True, load_default=None, data_key="executedQty")
    avg_price = WireDecimal(allow_blank=True, load_default=None, data_key="avgPrice")
    close_position = fields.Boolean(load_default=False, data_key="closePosition")
    reduce_only = fields.Boolean(load_default=False, data_key="reduceOnly")
    update_time = EpochMs(zero_is_none=True, load_default=None, data_key="updateTime")
    create_time = EpochMs(zero_is_none=True, load_default=None, data_key="createTime")
