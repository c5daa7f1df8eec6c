"""Binance WebSocket clients: the user-data stream (listenKey) and the market streams, reconnecting on their own."""

from __future__ import annotations

from adapters.binance.stream.backoff import Backoff
from adapters.binance.stream.endpoints import DEMO_WS, PRODUCTION_WS, StreamEndpoints
from adapters.binance.stream.listen_key import ListenKeyApi, ListenKeyLifecycle
from adapters.binance.stream.listen_key_http import HttpListenKeyApi
from adapters.binance.stream.market_data import BinanceMarketDataStream
from adapters.binance.stream.timing import MARKET_TIMING, StreamTiming
from adapters.binance.stream.user_data import BinanceUserDataStream

__all__ = [
    "DEMO_WS",
    "MARKET_TIMING",
    "PRODUCTION_WS",
    "Backoff",
    "BinanceMarketDataStream",
    "BinanceUserDataStream",
    "HttpListenKeyApi",
    "ListenKeyApi",
    "ListenKeyLifecycle",
    "StreamEndpoints",
    "StreamTiming",
]
