"""Decimal rules of the engine: the 8-decimal money grid and exchange-grid checks for prices and quantities."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

from .vocabulary import ZERO

MONEY_DECIMALS = 8
_MONEY_GRID = Decimal(1).scaleb(-MONEY_DECIMALS)


def money(value: Decimal) -> Decimal:
    """Truncate (toward zero) to 8 decimals, as Binance prints commissions, realized PnL and funding."""
    return _plain_zero(value.quantize(_MONEY_GRID, rounding=ROUND_DOWN))


def price8(value: Decimal) -> Decimal:
    """Round an averaged price (entry, break-even, average fill) to 8 decimals, halves to even."""
    return _plain_zero(value.quantize(_MONEY_GRID, rounding=ROUND_HALF_EVEN))


def decimals_of(value: Decimal) -> int:
    """How many decimals the value really uses: 0.500 uses 1, 100 uses 0."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def is_multiple(value: Decimal, grid: Decimal) -> bool:
    return value % grid == ZERO


def floor_to(value: Decimal, grid: Decimal) -> Decimal:
    return (value / grid).to_integral_value(rounding=ROUND_FLOOR) * grid


def ceil_to(value: Decimal, grid: Decimal) -> Decimal:
    return (value / grid).to_integral_value(rounding=ROUND_CEILING) * grid


def _plain_zero(value: Decimal) -> Decimal:
    # 0E-8 and -0E-8 compare equal to 0 but print oddly; one zero keeps records and events tidy
    return value if value else ZERO
