"""Compact JSON bodies as Binance sends them, refusing floats and unformatted Decimals."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


class Double(float):
    """A decimal Binance sends as a JSON number with a fraction (leverageBracket's `maintMarginRatio` 0.004, `cum`
    50.0): made only by `double`, which refuses a value the float would not write back exactly."""


def double(value: Decimal) -> Double:
    number = Double(value)
    if Decimal(repr(float(number))) != value:
        raise ValueError(f"{value} has no exact short float form to send as a JSON number")
    return number


def encode_json(payload: Any) -> bytes:
    """Return `payload` as compact UTF-8 JSON (`{"code":-1022,"msg":"…"}`); a float or Decimal raises TypeError.

    Prices and quantities must already be wire strings (see numbers.py) and ids ints: a float would lose
    digits of a 64-bit id and a Decimal has no single wire form.
    """
    _check(payload, "$")
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def _check(value: Any, where: str) -> None:
    if isinstance(value, float) and not isinstance(value, Double):
        raise TypeError(f"{where} is the float {value!r}: send numbers as decimal strings or ints")
    if isinstance(value, Decimal):
        raise TypeError(f"{where} is the Decimal {value!r}: format it with numbers.wire_decimal first")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where} has the non-string key {key!r}")
            _check(item, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _check(item, f"{where}[{index}]")
