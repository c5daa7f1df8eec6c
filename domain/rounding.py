"""Snapping quantities and prices to the exchange's grid, in directions that never understate risk."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from domain.values import ZERO


def round_quantity(quantity: Decimal, step: Decimal) -> Decimal:
    """Round down to a multiple of `step`: an order never trades more than was asked for."""
    return _snap(quantity, step, ROUND_DOWN, "step size")


def round_price(price: Decimal, tick: Decimal) -> Decimal:
    """Round to the nearest multiple of `tick` (halves up): the expected fill moves by at most half a tick."""
    return _snap(price, tick, ROUND_HALF_UP, "tick size")


def round_stop(stop: Decimal, entry: Decimal, tick: Decimal) -> Decimal:
    """Round a stop away from `entry`, so the distance (and the risk computed from it) can only grow."""
    if stop < entry:
        return _snap(stop, tick, ROUND_FLOOR, "tick size")
    if stop > entry:
        return _snap(stop, tick, ROUND_CEILING, "tick size")
    return _snap(stop, tick, ROUND_HALF_UP, "tick size")


def _snap(value: Decimal, grid: Decimal, rounding: str, name: str) -> Decimal:
    if not grid.is_finite() or grid <= ZERO:
        raise ValueError(f"{name} must be a positive decimal, got {grid}")
    if not value.is_finite():
        raise ValueError(f"cannot round {value} to the {name} {grid}: not a finite decimal")
    snapped = (value / grid).to_integral_value(rounding=rounding) * grid
    # Show exactly the grid's decimals ("200.0" at step 0.1), so equal orders always print alike
    return snapped.quantize(Decimal(1).scaleb(min(_exponent(grid), 0)))


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0
