"""Translation errors beyond malformed JSON, and Binance's {"code","msg"} bodies as port errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.binance.messages.base import load
from adapters.binance.messages.error_body import ErrorBody
from adapters.binance.messages.errors import BinancePayloadError, MalformedPayload
from ports.errors import ExchangeRejected

__all__ = [
    "BinancePayloadError",
    "HedgeModePosition",
    "MalformedPayload",
    "SymbolNotListed",
    "UnsupportedValue",
    "check_acknowledged",
    "exchange_rejected",
    "is_error_body",
]

_SUCCESS_CODES = frozenset({200, "200"})


class UnsupportedValue(BinancePayloadError):
    """A well-formed value the domain has no member for (e.g. order type TRAILING_STOP_MARKET)."""


class HedgeModePosition(BinancePayloadError):
    """The account holds LONG/SHORT (hedge-mode) positions; the bot trades one-way (BOTH) only."""


class SymbolNotListed(BinancePayloadError):
    """exchangeInfo does not list the configured symbol."""


def is_error_body(payload: Any) -> bool:
    """True for Binance's error shape: a negative integer `code` and a `msg`."""
    if not isinstance(payload, Mapping) or "msg" not in payload:
        return False
    code = payload.get("code")
    return type(code) is int and code < 0


def exchange_rejected(body: Any) -> ExchangeRejected:
    """The port error for an error body like {"code": -2019, "msg": "Margin is insufficient."}."""
    error = load(ErrorBody, body, "error body")
    return ExchangeRejected(error.code, error.message)


def check_acknowledged(body: Any, payload: str) -> None:
    """Accept {"code": 200|"200", "msg": …} (cancel-all, marginType, algo cancel) or {}; raise otherwise."""
    if is_error_body(body):
        raise exchange_rejected(body)
    if not isinstance(body, Mapping) or (body and body.get("code") not in _SUCCESS_CODES):
        raise MalformedPayload(f"{payload}: expected a success acknowledgement, got {body!r}")
