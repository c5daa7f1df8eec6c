"""The base error of every Binance payload that cannot be turned into domain types."""

from __future__ import annotations


class BinancePayloadError(ValueError):
    """A Binance payload could not be translated; the message names the payload type and the problem."""


class MalformedPayload(BinancePayloadError):
    """A payload is not valid JSON, has the wrong shape, or lacks a required field."""
