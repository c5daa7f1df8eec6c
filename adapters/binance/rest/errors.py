"""Binance's answers as port errors (API.md §3, §10): definitive rejection, unknown outcome, or clock skew.

Only what Binance documents as "not executed" becomes ExchangeRejected; anything that may have reached the
matching engine (408, 5xx, -1000, -1006, -1007, a timeout, a lost connection, an unreadable body) is
OutcomeUnknown, so the caller looks the order up instead of sending it again.
"""

from __future__ import annotations

import json
from typing import Any

from adapters.binance.translate import exchange_rejected, is_error_body
from ports.errors import ExchangeRejected, OutcomeUnknown

UNKNOWN_OUTCOME_CODES = frozenset({-1000, -1006, -1007})
THROTTLED = -1008  # system-level protection: refused before the engine, retry later
INVALID_TIMESTAMP = -1021
UNKNOWN_ORDER_SENT = -2011
NO_SUCH_ORDER = -2013
DUPLICATED_CLIENT_ORDER_ID = -4116
BAD_SYMBOL = -1121
BACKEND_TIMEOUT_STATUS = 408
SNIPPET = 200


class MalformedResponse(OutcomeUnknown):
    """A response that could not be read as the endpoint's payload; the request itself may have taken effect."""


class ClockSkew(Exception):
    """-1021: refused for its timestamp and so never executed; the transport re-syncs and resends it once."""

    def __init__(self, rejection: ExchangeRejected) -> None:
        super().__init__(str(rejection))
        self.rejection = rejection


def decode_body(endpoint: str, text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise MalformedResponse(f"{endpoint}: response is not JSON: {text[:SNIPPET]!r}") from None


def error_for(endpoint: str, status: int, text: str) -> Exception:
    """The error of a non-2xx answer other than 429 and 418 (those belong to the governor)."""
    rejection = _binance_error(text)
    if rejection is not None and rejection.code == INVALID_TIMESTAMP:
        return ClockSkew(rejection)
    if rejection is not None and rejection.code in UNKNOWN_OUTCOME_CODES:
        return OutcomeUnknown(f"{endpoint}: {rejection.code} {rejection.message} (outcome unknown)")
    if rejection is not None and rejection.code == THROTTLED:
        return rejection
    if status == BACKEND_TIMEOUT_STATUS or status >= 500:
        return OutcomeUnknown(f"{endpoint}: HTTP {status} {text[:SNIPPET]!r} (outcome unknown)")
    if rejection is not None:
        return rejection
    # Positive codes never collide with Binance's negative ones: e.g. 403 from the WAF, which executed nothing
    return ExchangeRejected(status, f"{endpoint}: HTTP {status} without a Binance error body: {text[:SNIPPET]!r}")


def _binance_error(text: str) -> ExchangeRejected | None:
    try:
        body = json.loads(text)
    except ValueError:
        return None
    return exchange_rejected(body) if is_error_body(body) else None
