"""Bounded numbers for settings: a decimal is refused by its length, digits and exponent before anything expands it."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import ValidationError, fields

MAX_TEXT = 32
MAX_INTEGER_DIGITS = 15
MAX_PLACES = 8
MAX_PARAMS = 32
MAX_PARAM_TEXT = 64
MAX_PARAM_INTEGER = 10**15


def bounded_decimal(value: Any, places: int = MAX_PLACES, integer_digits: int = MAX_INTEGER_DIGITS) -> Decimal:
    """The Decimal a string or number reads as; ValueError when it is not finite or has too many digits or places.

    Only the tuple of digits and the exponent are looked at (never str/format/quantize): "1e-999999999" is refused
    in constant time instead of being expanded into a billion characters.
    """
    number = _parse(value)
    if not number.is_finite():
        raise ValueError(f"must be a finite number, got {_shown(value)}")
    _sign, digits, raw_exponent = number.as_tuple()
    exponent = int(raw_exponent)  # an int for every finite number
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    significant = len(digits) - trailing
    if significant == 0:
        return Decimal(0)
    exponent += trailing
    if exponent < -places:
        raise ValueError(f"must have at most {places} decimal places, got {_shown(value)}")
    if significant + exponent > integer_digits:
        raise ValueError(f"must have at most {integer_digits} digits before the point, got {_shown(value)}")
    return number


def _parse(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f'must be a decimal number like "0.02", got {value!r}')
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        # Compared, never printed: an int of a million digits is refused without being converted
        if abs(value) >= 10**MAX_INTEGER_DIGITS:
            raise ValueError(f"must have at most {MAX_INTEGER_DIGITS} digits before the point")
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return Decimal(repr(value))
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise ValueError(f"must be at most {MAX_TEXT} characters long")
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f'must be a decimal number like "0.02", got {value!r}') from None
    raise ValueError(f'must be a decimal number like "0.02", got a {type(value).__name__}')


def _shown(value: Any) -> str:
    # Safe to show: a string is at most MAX_TEXT long, other kinds are shown by type or as a short repr
    return repr(value) if isinstance(value, (str, float, int)) else type(value).__name__


class BoundedDecimal(fields.Field[Decimal]):
    """A decimal setting in [minimum, maximum] (minimum excluded when `above`), stored as its plain decimal string."""

    def __init__(
        self, *, minimum: Decimal, maximum: Decimal, above: bool = False, places: int = MAX_PLACES, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.minimum, self.maximum, self.above, self.places = minimum, maximum, above, places

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        try:
            number = bounded_decimal(value, self.places)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        low_ok = number > self.minimum if self.above else number >= self.minimum
        if not (low_ok and number <= self.maximum):
            low = "greater than" if self.above else "at least"
            raise ValidationError(f"must be {low} {self.minimum} and at most {self.maximum}, got {_shown(value)}")
        return number

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        # Bounded at load (digits and places), so the plain form is short
        return None if value is None else format(value, "f")


def check_param_value(value: Any) -> None:
    """Raise ValueError unless `value` is a JSON scalar small enough to store (strategies check their own meaning)."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if abs(value) > MAX_PARAM_INTEGER:
            raise ValueError(f"must be at most {MAX_PARAM_INTEGER} in size")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
    elif isinstance(value, str):
        if len(value) > MAX_PARAM_TEXT:
            raise ValueError(f"must be at most {MAX_PARAM_TEXT} characters long")
    else:
        raise ValueError(f"must be a number, a string or true/false, got a {type(value).__name__}")
