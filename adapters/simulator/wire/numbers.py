"""Decimals as Binance writes them on the wire (fixed decimals per kind, never exponents, never floats) and int64 ids.

The kinds, derived from the fixtures (field_formats.py maps every field to one):

| kind     | decimals                      | fixture examples                                                        |
|----------|-------------------------------|-------------------------------------------------------------------------|
| PRICE    | symbol pricePrecision         | ETHUSDT order price "0.00"; BTCUSDT trade price "36567.10", klines open |
|          |                               | "71481.90"; TRADE_LITE p "2317.30"                                      |
| QUANTITY | symbol quantityPrecision      | origQty "0.007", "0.200"; trade qty "0.010"; positionAmt "0.009"        |
| QUOTE    | max(pricePrecision, 5)        | avgPrice "3057.89000", "0.00000"; cumQuote "21.40523"; quoteQty         |
|          |                               | "365.67100"; klines quote volume "142.96380"                            |
| AMOUNT   | 8                             | commission "0.14626840"; income "-0.04618913"; balance "0.00000000";    |
|          |                               | markPrice "67502.68519858"; lastFundingRate "0.00038246"                |
| PLAIN    | shortest exact text           | commission rate "0.0002"; maxNotionalValue "1000000"; v3 entryPrice     |
|          |                               | "67445.9"; every decimal of ORDER_TRADE_UPDATE in 2026 ("2317.3")       |

`bare_zero`: where Binance writes a zero as "0" whatever the kind (realizedPnl "0", rp "0", n "0", bc "0").
PRICE and QUANTITY refuse a value with more decimals than the symbol allows (the engine works on the tick and
step grid, so that is a bug); the other kinds round half-up to their decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from enum import Enum

QUOTE_MIN_DECIMALS = 5
AMOUNT_DECIMALS = 8
MAX_INT64 = 2**63 - 1
_MAX_DECIMALS = 18
# Digits kept when formatting: the default 28 would round long balances written with 8 decimals
_WORKING_DIGITS = 60


class Kind(str, Enum):
    PRICE = "price"
    QUANTITY = "quantity"
    QUOTE = "quote"
    AMOUNT = "amount"
    PLAIN = "plain"


@dataclass(frozen=True)
class SymbolPrecision:
    """A symbol's exchangeInfo `pricePrecision` and `quantityPrecision` (XRPUSDT: 4 and 1; BTCUSDT: 2 and 3)."""

    price: int
    quantity: int

    def __post_init__(self) -> None:
        for name, places in (("price", self.price), ("quantity", self.quantity)):
            if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= _MAX_DECIMALS:
                raise ValueError(f"{name} precision must be an int in 0..{_MAX_DECIMALS}, got {places!r}")


def wire_decimal(
    value: Decimal | int,
    kind: Kind,
    precision: SymbolPrecision | None = None,
    *,
    bare_zero: bool = False,
) -> str:
    """The JSON string Binance sends for `value` of `kind` (PRICE, QUANTITY and QUOTE need the symbol's precision)."""
    number = _finite(value)
    if bare_zero and number == 0:
        return "0"
    if kind is Kind.PLAIN:
        return plain(number)
    if kind is Kind.AMOUNT:
        return fixed(number, AMOUNT_DECIMALS)
    if precision is None:
        raise ValueError(f"a {kind.value} needs the symbol's SymbolPrecision")
    if kind is Kind.QUOTE:
        return fixed(number, max(precision.price, QUOTE_MIN_DECIMALS))
    places = precision.price if kind is Kind.PRICE else precision.quantity
    return fixed(number, places, exact=True, what=kind.value)


def fixed(value: Decimal | int, places: int, *, exact: bool = False, what: str = "value") -> str:
    """`value` with exactly `places` decimals; with `exact`, a value that would need rounding raises ValueError."""
    number = _finite(value)
    quantum = Decimal(1).scaleb(-places)
    try:
        with localcontext() as context:
            context.prec = _WORKING_DIGITS
            rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"{what} {number} has too many digits to write with {places} decimals") from None
    if exact and rounded != number:
        raise ValueError(f"{what} {number} has more than {places} decimals")
    return _text(rounded)


def plain(value: Decimal | int) -> str:
    """The shortest exact decimal text: Decimal("1E+6") → "1000000", Decimal("2317.30") → "2317.3"."""
    number = _finite(value)
    if number == 0:
        return "0"
    with localcontext() as context:
        context.prec = _WORKING_DIGITS
        return _text(number.normalize())


def wire_id(value: int) -> int:
    """An id as the JSON number Binance sends: a Python int in int64 range (json keeps every digit of it)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"ids are ints on the wire, got {type(value).__name__} {value!r}")
    if not 0 <= value <= MAX_INT64:
        raise ValueError(f"id {value} is outside 0..2**63-1 (Binance ids are int64)")
    return value


def _finite(value: Decimal | int) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"wire numbers come from Decimal or int, never {type(value).__name__} ({value!r})")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"cannot send the non-finite number {number}")
    return number


def _text(number: Decimal) -> str:
    # "f" never uses an exponent; a negative zero would print "-0.00"
    return format(abs(number) if number == 0 else number, "f")
