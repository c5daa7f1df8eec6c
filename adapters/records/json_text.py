"""Canonical JSON text for stored values: sorted keys, no spaces, Decimals as strings."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from typing import Any


def canonical_json(value: Any, what: str) -> str:
    """Serialise to one canonical text (sorted keys, no spaces); Decimals become strings, never floats."""
    try:
        return _canonical_encoder().encode(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} is not JSON-ready: {exc}") from exc


def load_json(text: str) -> Any:
    """Parse stored JSON into fresh objects (callers may mutate them freely)."""
    return json.loads(text)


@cache
def _canonical_encoder() -> json.JSONEncoder:
    # One encoder for every call: json.dumps with options builds a new one each time
    return json.JSONEncoder(sort_keys=True, separators=(",", ":"), allow_nan=False, default=_decimal_as_text)


def _decimal_as_text(value: Any) -> str:
    if isinstance(value, Decimal) and value.is_finite():
        return str(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable: {value!r}")
