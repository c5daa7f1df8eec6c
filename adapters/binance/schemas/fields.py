"""Field types for Binance's encodings: decimals as strings, ids that may exceed 2**53, epoch milliseconds."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import ValidationError, fields

from domain.codec import from_epoch_ms
from domain.values import canonical

# Wide enough that canonicalising never rounds a Binance number


class WireDecimal(fields.Field):
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
            raise ValidationError(f"expected a decimal string, got {value!r}")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ValidationError(f"{value!r} is not a decimal") from None
        if not number.is_finite():
            raise ValidationError(f"{value!r} is not a finite decimal")
        try:
            return canonical(number) if self.canonical else number
        except InvalidOperation:
            raise ValidationError(f"{value!r} is out of range") from None


class WireInt(fields.Field):
    """An integer id or count: a JSON number, or a numeric string (older payloads, recorded fixtures); never a float.

    allow_blank=True reads "" (e.g. income tradeId, algo `ai` before the trigger) as None.
    """

    def __init__(self, *, allow_blank: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.allow_blank = allow_blank

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int | None:
        if value == "" and self.allow_blank:
            return None
        if type(value) is int:
            return value
        if isinstance(value, str) and value.lstrip("-").isdigit() and value.isascii():
            return int(value)
        raise ValidationError(f"expected an integer, got {value!r}")


class EpochMs(WireInt):
    """Epoch milliseconds → aware UTC datetime; zero_is_none=True reads Binance's "0 = never/unknown" as None."""

    def __init__(self, *, zero_is_none: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.zero_is_none = zero_is_none

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime | None:
        millis = super()._deserialize(value, attr, data, **kwargs)
        if millis is None or (millis == 0 and self.zero_is_none):
            return None
        try:
            if millis < 0:
                raise OverflowError
            return from_epoch_ms(millis)
        except OverflowError:
            raise ValidationError(f"{value!r} is not a valid epoch time in milliseconds") from None
