"""Figures and times as the dashboard prints them: prices and quantities at the symbol's steps, money in its quote
asset, instants as <time> elements the page's script shows in the viewer's time zone (the UTC text stands without it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from markupsafe import Markup, escape

from domain.symbols import quote_asset

# Money (PnL, fees, balances) shows at least cents, and a price step's places when it is finer
MONEY_PLACES = 2
# A figure whose rules are not known yet (no order checked since the bot started) is shown whole, at most this long
MAX_PLACES = 8


def places(step: Decimal | str | None) -> int | None:
    """Decimal places a step asks for (0.0001 → 4, 1 → 0, 0.10 → 1); None for no step or a non-positive one."""
    number = _decimal(step)
    if number is None or number <= 0:
        return None
    exponent = number.normalize().as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else None


def grouped(value: Decimal | str | None, decimals: int | None) -> str:
    """`value` rounded half-even to `decimals` places (None: as exact as it is, up to MAX_PLACES) with thousands
    separators, or "–" when there is no number."""
    number = _decimal(value)
    if number is None:
        return "–"
    if decimals is None:
        shown = number.normalize()
        exponent = shown.as_tuple().exponent
        decimals = min(max(-exponent, 0), MAX_PLACES) if isinstance(exponent, int) else 0
    rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    # A loss too small to show reads 0.00, not -0.00
    return f"{abs(rounded) if rounded == 0 else rounded:,.{decimals}f}"


@dataclass(frozen=True)
class Figures:
    """How one symbol's figures are printed: its price and quantity steps (None: unknown yet) and quote asset."""

    tick_size: Decimal | None
    step_size: Decimal | None
    asset: str | None

    @classmethod
    def of(cls, symbol: str, tick_size: Decimal | str | None, step_size: Decimal | str | None) -> Figures:
        return cls(_decimal(tick_size), _decimal(step_size), quote_asset(symbol))

    @property
    def money_places(self) -> int:
        return max(MONEY_PLACES, places(self.tick_size) or 0)

    def price(self, value: Decimal | str | None) -> str:
        return grouped(value, places(self.tick_size))

    def qty(self, value: Decimal | str | None) -> str:
        return grouped(value, places(self.step_size))

    def money(self, value: Decimal | str | None, *, asset: bool = False) -> str:
        """An amount in the quote asset (PnL, fees, balances), the asset named after it when `asset`."""
        shown = grouped(value, self.money_places)
        return f"{shown} {self.asset}" if asset and self.asset and shown != "–" else shown


def when(value: datetime | str | None, relative: bool = False) -> Markup:
    """An instant as <time>: the page's script writes it in the viewer's zone (and "12 s ago" when `relative`);
    without the script it reads as UTC to the second."""
    if value is None or value == "":
        return Markup("–")
    text = value if isinstance(value, str) else value.isoformat()
    utc = text.replace("T", " ")[:19] + " UTC"
    if relative:
        return Markup('<time class="when" datetime="{}" data-relative title="{}">{}</time>').format(text, text, utc)
    return Markup('<time class="when" datetime="{}" title="{}">{}</time>').format(text, text, utc)


def with_times(text: str | None) -> Markup:
    """`text` escaped, each UTC instant in it (as format_utc prints them) made a <time> the script localises."""
    if not text:
        return Markup("")
    pieces, at = [], 0
    for found in _INSTANT.finditer(text):
        pieces += [escape(text[at : found.start()]), when(found.group(), relative=True)]
        at = found.end()
    return Markup("").join([*pieces, escape(text[at:])])


_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z")


def _decimal(value: Decimal | str | None) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value if value is None or value.is_finite() else None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
