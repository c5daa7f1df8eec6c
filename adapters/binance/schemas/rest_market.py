"""Market and housekeeping payloads: exchangeInfo, klines, premiumIndex, time, commissionRate, leverage, listenKey."""

from __future__ import annotations

from marshmallow import fields

from adapters.binance.schemas.base import WireSchema
from adapters.binance.schemas.fields import EpochMs, WireDecimal, WireInt, WireText


class FilterSchema(WireSchema):
    """One exchangeInfo filter; grid sizes keep their exponent ("0.10") because it tells how to print a price."""

    filter_type = WireText(required=True, data_key="filterType")
    tick_size = WireDecimal(canonical=False, load_default=None, data_key="tickSize")
    step_size = WireDecimal(canonical=False, load_default=None, data_key="stepSize")
    min_qty = WireDecimal(canonical=False, load_default=None, data_key="minQty")
    max_qty = WireDecimal(canonical=False, load_default=None, data_key="maxQty")
    notional = WireDecimal(canonical=False, load_default=None, data_key="notional")


class SymbolInfoSchema(WireSchema):
    symbol = WireText(required=True, data_key="symbol")
    filters = fields.List(fields.Nested(FilterSchema), required=True, data_key="filters")


class ExchangeInfoSchema(WireSchema):
    symbols = fields.List(fields.Raw(), required=True, data_key="symbols")


class KlineRowSchema(WireSchema):
    """A kline array, keyed by column name before loading (see KLINE_COLUMNS)."""

    open_time = EpochMs(required=True)
    open = WireDecimal(required=True)
    high = WireDecimal(required=True)
    low = WireDecimal(required=True)
    close = WireDecimal(required=True)
    volume = WireDecimal(required=True)
    close_time = EpochMs(required=True)


KLINE_COLUMNS = ("open_time", "open", "high", "low", "close", "volume", "close_time")


class PremiumIndexSchema(WireSchema):
    symbol = WireText(required=True, data_key="symbol")
    mark_price = WireDecimal(required=True, data_key="markPrice")
    next_funding_time = EpochMs(required=True, data_key="nextFundingTime")
    time = EpochMs(required=True, data_key="time")


class ServerTimeSchema(WireSchema):
    server_time = EpochMs(required=True, data_key="serverTime")


class CommissionRateSchema(WireSchema):
    symbol = WireText(required=True, data_key="symbol")
    maker = WireDecimal(required=True, data_key="makerCommissionRate")
    taker = WireDecimal(required=True, data_key="takerCommissionRate")


class LeverageSchema(WireSchema):
    symbol = WireText(required=True, data_key="symbol")
    leverage = WireInt(required=True, data_key="leverage")


class ListenKeySchema(WireSchema):
    listen_key = WireText(required=True, data_key="listenKey")


class ErrorBodySchema(WireSchema):
    code = WireInt(required=True, data_key="code")
    message = WireText(load_default="", data_key="msg")
