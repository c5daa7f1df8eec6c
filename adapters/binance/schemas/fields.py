"""Field types for Binance's encodings: decimals as strings, ids that may exceed 2**53, epoch milliseconds."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from marshmallow import ValidationError, fields

from domain.text import text_problem
from domain.times import from_epoch_ms
from domain.values import canonical

# Wide enough that canonicalising never rounds a Binance number

# Far past any price, quantity or balance Binance prints (1e-8 … 1e12), near enough that the fold's arithmetic
# (quantity × price, sums over a day) never overflows or loses digits
MAX_DIGITS = 40
MAX_ADJUSTED_EXPONENT = 30
# Ids and counts are signed 64-bit on Binance and in SQLite's INTEGER
INT64 = range(-(2**63), 2**63)

_T = TypeVar("_T")


class WireDecimal(fields.Field[Decimal | None]):
    """A decimal Binance sends as a JSON string; floats are refused, they may already have lost digits.

    Integers and Decimals parsed straight from the JSON text (json.loads(parse_float=Decimal)) are exact and accepted.

    canonical=False keeps the exponent as sent (tick and step sizes: the exponent tells how to print a price).
    allow_blank=True reads "" (Binance's "not set" in some algo fields) as None.
    """

    def __init__(self, *, canonical: bool = True, allow_blank: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.canonical, self.allow_blank = canonical, allow_blank

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal | None:
        if value == "" and self.allow_blank:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            raise ValidationError(f"expected a decimal string, got {_short(value)}")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ValidationError(f"{_short(value)} is not a decimal") from None
        if not number.is_finite():
            raise ValidationError(f"{_short(value)} is not a finite decimal")
        try:
            number = canonical(number) if self.canonical else number
        except InvalidOperation:
            raise ValidationError(f"{_short(value)} is out of range") from None
        if len(number.as_tuple().digits) > MAX_DIGITS or abs(number.adjusted()) > MAX_ADJUSTED_EXPONENT:
            raise ValidationError(f"{_short(value)} is out of range (at most {MAX_DIGITS} digits, "
                                  f"from 1e-{MAX_ADJUSTED_EXPONENT} to 1e{MAX_ADJUSTED_EXPONENT})")
        return number


class WireText(fields.String):
    """A string the engine may store and log (domain.text): a control character or a lone surrogate (a JSON escape
    Binance never sends) makes the payload malformed, so it is recorded as unreadable instead of becoming an event
    that no projection could hold."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        problem = text_problem(text)
        if problem is not None:
            raise ValidationError(problem)
        return text


class _Integral(fields.Field[_T]):
    """Reads a JSON number or a numeric string, never a float; allow_blank=True reads "" as None."""

    def __init__(self, *, allow_blank: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.allow_blank = allow_blank

    def _integer(self, value: Any) -> int | None:
        if value == "" and self.allow_blank:
            return None
        if type(value) is int:
            return value
        # Digits only, and not so many that int() itself is the cost
        if isinstance(value, str) and value.lstrip("-").isdigit() and value.isascii() and len(value) <= 40:
            return int(value)
        raise ValidationError(f"expected an integer, got {_short(value)}")


class WireInt(_Integral[int | None]):
    """An integer id or count: a JSON number, or a numeric string (older payloads, recorded fixtures); never a float.

    allow_blank=True reads "" (e.g. income tradeId, algo `ai` before the trigger) as None.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int | None:
        number = self._integer(value)
        if number is not None and number not in INT64:
            raise ValidationError(f"{_short(value)} is not a signed 64-bit integer")
        return number


class EpochMs(_Integral[datetime | None]):
    """Epoch milliseconds → aware UTC datetime; zero_is_none=True reads Binance's "0 = never/unknown" as None."""

    def __init__(self, *, zero_is_none: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.zero_is_none = zero_is_none

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime | None:
        # Not WireInt's 64-bit bound: the calendar's is narrower and says more
        millis = self._integer(value)
        if millis is None or (millis == 0 and self.zero_is_none):
            return None
        try:
            if millis < 0:
                raise OverflowError
            return from_epoch_ms(millis)
        except OverflowError:
            raise ValidationError(f"{value!r} is not a valid epoch time in milliseconds") from None


def _short(value: Any) -> str:
    """The value as an error message may quote it: repr (which escapes controls and surrogates), cut short."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}..."
