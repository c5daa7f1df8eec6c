"""The wire types of Binance's encodings and their readers: decimal strings, ids that may exceed 2**53, epoch
milliseconds.

To the type checker each type is the value a structure holds once loaded (Decimal, int, datetime, or None). To msgspec
it is `Any` annotated with its reader: msgspec leaves the JSON value as it is (a string, an int, or a Decimal for a
JSON number read from its digits) and `Message.__post_init__` runs the reader, which checks and converts it. One
Python call per field, no per-field hook dispatch (ADR 0060).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any

from domain.times import from_epoch_ms
from domain.values import ZERO, canonical

# Far past any price, quantity or balance Binance prints (1e-8 … 1e12), near enough that the fold's arithmetic
# (quantity × price, sums over a day) never overflows or loses digits
MAX_DIGITS = 40
MAX_ADJUSTED_EXPONENT = 30
# Ids and counts are signed 64-bit on Binance and in SQLite's INTEGER
INT64 = range(-(2**63), 2**63)

# A plain decimal string this short has at most 31 digits and an adjusted exponent within ±30: no bound to check
_SHORT = 31

# Entries of each reader's cache of results: enough for every amount and instant of a busy minute
_CACHED = 4096

Reader = Callable[[Any], Any]

# The position side of a one-way (not hedge-mode) position, the only mode the bot trades in
ONE_WAY = "BOTH"


def amount(value: Any) -> Decimal:
    """A decimal Binance sends as a JSON string, canonical (no trailing zeros), so REST and WS give equal keys.

    Floats are refused: they may already have lost digits. Integers, and JSON numbers decoded straight from their
    text (a Decimal), are exact and accepted."""
    if type(value) is str:
        return _amount_text(value)
    return _bounded(_canonical(_decimal(value), value), value)


@lru_cache(maxsize=_CACHED)
def _amount_text(value: str) -> Decimal:
    # Cached because Decimals are immutable and one fill repeats its amounts (q, l and z; ap and L) and the next fill
    # of a burst the same ones again; a refusal raises and so is never cached
    if value == "0":
        # Binance's "not set" for prices, triggers and PnL: the commonest amount of all
        return ZERO
    # ASCII digits with at most one point, short: without its trailing zeros the text is already canonical and within
    # the bounds. Anything else (exponents, NaN, spaces, underscores) takes the full path
    if len(value) > _SHORT or not value.removeprefix("-").replace(".", "", 1).isdigit() or not value.isascii():
        return _bounded(_canonical(_decimal(value), value), value)
    stripped = value.rstrip("0").rstrip(".") if "." in value else value
    if stripped in ("", "-"):
        return ZERO
    number = Decimal(stripped)
    return number if number else ZERO


def grid(value: Any) -> Decimal:
    """A decimal that keeps its exponent as sent (tick and step sizes: the exponent tells how to print a price)."""
    return _bounded(_decimal(value), value)


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise ValueError(f"expected a decimal string, got {_short(value)}")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{_short(value)} is not a decimal") from None
    if not number.is_finite():
        raise ValueError(f"{_short(value)} is not a finite decimal")
    return number


def _bounded(number: Decimal, value: Any) -> Decimal:
    if len(number.as_tuple().digits) > MAX_DIGITS or abs(number.adjusted()) > MAX_ADJUSTED_EXPONENT:
        raise ValueError(
            f"{_short(value)} is out of range (at most {MAX_DIGITS} digits, "
            f"from 1e-{MAX_ADJUSTED_EXPONENT} to 1e{MAX_ADJUSTED_EXPONENT})"
        )
    return number


def _canonical(number: Decimal, value: Any) -> Decimal:
    try:
        return canonical(number)
    except InvalidOperation:
        raise ValueError(f"{_short(value)} is out of range") from None


def identifier(value: Any) -> int:
    """An integer id or count: a JSON number, or a numeric string (older payloads, recorded fixtures)."""
    number = integer(value)
    if number not in INT64:
        raise ValueError(f"{_short(value)} is not a signed 64-bit integer")
    return number


def integer(value: Any) -> int:
    """A JSON number or a numeric string; never a float or a bool."""
    if type(value) is int:
        return value
    # Digits only, and not so many that int() itself is the cost
    if isinstance(value, str) and value.lstrip("-").isdigit() and value.isascii() and len(value) <= 40:
        return int(value)
    raise ValueError(f"expected an integer, got {_short(value)}")


def utc_time(value: Any) -> datetime:
    """Epoch milliseconds → aware UTC datetime."""
    # Not the 64-bit bound of ids: the calendar's is narrower and says more
    millis = value if type(value) is int else integer(value)
    try:
        if millis < 0:
            raise OverflowError
        return _instant(millis)
    except OverflowError:
        raise ValueError(f"{value!r} is not a valid epoch time in milliseconds") from None


@lru_cache(maxsize=_CACHED)
def _instant(millis: int) -> datetime:
    # Cached because datetimes are immutable and a frame's event and trade times, and a burst's frames, share instants
    return from_epoch_ms(millis)


def blank_amount(value: Any) -> Decimal | None:
    """An amount where "" (Binance's "not set" in some algo fields) reads as None."""
    return None if value == "" or value is None else amount(value)


def blank_identifier(value: Any) -> int | None:
    """An id where "" (income tradeId, algo `ai` before the trigger) reads as None."""
    return None if value == "" or value is None else identifier(value)


def utc_time_or_unset(value: Any) -> datetime | None:
    """Epoch milliseconds where 0 is Binance's "never/unknown" → None."""
    return None if value is None or integer(value) == 0 else utc_time(value)


# A reader's own path for a JSON string, which the compiled check calls straight (its reader's one line saved, B1)
TEXT_READERS: dict[Reader, Reader] = {amount: _amount_text}

# Readers that take None themselves; every other one is given only a value, None being "not set" or "not null"
TAKES_NONE = frozenset({blank_amount, blank_identifier, utc_time_or_unset})

if TYPE_CHECKING:
    Amount = Decimal
    Grid = Decimal
    BlankAmount = Decimal | None
    Id = int
    BlankId = int | None
    UtcTime = datetime
    UtcTimeOrUnset = datetime | None
else:
    Amount = Annotated[Any, amount]
    Grid = Annotated[Any, grid]
    BlankAmount = Annotated[Any, blank_amount]
    Id = Annotated[Any, identifier]
    BlankId = Annotated[Any, blank_identifier]
    UtcTime = Annotated[Any, utc_time]
    UtcTimeOrUnset = Annotated[Any, utc_time_or_unset]


def _short(value: Any) -> str:
    """The value as an error message may quote it: repr (which escapes controls and surrogates), cut short."""
    shown = repr(value)
    return shown if len(shown) <= 80 else f"{shown[:77]}..."
