"""Binance USDⓈ-M REST: signed httpx requests, the rate-limit governor and the order protocol behind ExchangeGateway."""

from __future__ import annotations

from adapters.binance.rest.errors import MalformedResponse
from adapters.binance.rest.gateway import BinanceGateway
from adapters.binance.rest.governor import GovernorLimits, RateGovernor
from adapters.binance.rest.options import RestOptions
from adapters.binance.rest.server_clock import ServerClock
from adapters.binance.rest.signing import sign

__all__ = [
    "BinanceGateway",
    "GovernorLimits",
    "MalformedResponse",
    "RateGovernor",
    "RestOptions",
    "ServerClock",
    "sign",
]
