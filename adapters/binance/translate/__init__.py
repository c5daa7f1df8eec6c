"""Pure translation of decoded Binance payloads into domain objects; the REST and WS clients call these.

User-data stream: `translate_user_message(raw, symbol)` (never raises; see user_stream.py for the event table), or
`translate_user_object(frame, symbol)` for a frame already decoded (the in-process simulator's, ADR 0055).
Market streams: `decode_frame(text)` then `kline_from_stream` / `mark_price_from_stream`.
REST: one function per response family (rest_orders, rest_fills, rest_account, rest_market); they raise a
BinancePayloadError (a ValueError) naming the payload and the problem, and the REST client decides what to do.
Every function takes the configured symbol and ignores other symbols' rows (None or an empty list for them).
Decimals come out canonical (no trailing zeros) so a quantity gives the same dedup key from REST and from WS.
"""

from __future__ import annotations

from adapters.binance.translate.errors import (
    BinancePayloadError,
    HedgeModePosition,
    MalformedPayload,
    SymbolNotListed,
    UnsupportedValue,
    check_acknowledged,
    exchange_rejected,
    is_error_body,
)
from adapters.binance.translate.frames import decode_frame
from adapters.binance.translate.market_stream import kline_from_stream, mark_price_from_stream
from adapters.binance.translate.order_update import translate_order_object
from adapters.binance.translate.rest_account import (
    balances_from_account,
    balances_from_rest,
    can_trade_from_rest,
    is_hedge_mode,
    isolated_from_symbol_config,
    key_permissions_from_rest,
    leverage_from_symbol_config,
    position_from_rest,
)
from adapters.binance.translate.rest_fills import incomes_from_rest, trades_from_rest
from adapters.binance.translate.rest_market import (
    MarkPrice,
    commission_rates_from_rest,
    klines_from_rest,
    leverage_from_rest,
    listen_key_from_rest,
    mark_price_from_rest,
    server_time_from_rest,
    symbol_rules_from_rest,
)
from adapters.binance.translate.rest_orders import (
    OrderListing,
    algo_order_from_rest,
    algo_orders_from_rest,
    order_from_rest,
    orders_from_rest,
)
from adapters.binance.translate.user_stream import UserStreamItem, translate_user_message, translate_user_object

__all__ = [
    "BinancePayloadError",
    "HedgeModePosition",
    "MalformedPayload",
    "MarkPrice",
    "OrderListing",
    "SymbolNotListed",
    "UnsupportedValue",
    "UserStreamItem",
    "algo_order_from_rest",
    "algo_orders_from_rest",
    "balances_from_account",
    "balances_from_rest",
    "can_trade_from_rest",
    "check_acknowledged",
    "commission_rates_from_rest",
    "decode_frame",
    "exchange_rejected",
    "incomes_from_rest",
    "is_error_body",
    "is_hedge_mode",
    "isolated_from_symbol_config",
    "key_permissions_from_rest",
    "kline_from_stream",
    "klines_from_rest",
    "leverage_from_rest",
    "leverage_from_symbol_config",
    "listen_key_from_rest",
    "mark_price_from_rest",
    "mark_price_from_stream",
    "order_from_rest",
    "orders_from_rest",
    "position_from_rest",
    "server_time_from_rest",
    "symbol_rules_from_rest",
    "trades_from_rest",
    "translate_order_object",
    "translate_user_message",
    "translate_user_object",
]
