"""Binance's notional and leverage brackets (GET /fapi/v1/leverageBracket, ADR 0087).

A bracket covers position notionals in [notional_floor, notional_cap): it allows at most `initial_leverage` and asks a
maintenance margin of notional × maint_margin_ratio − cum. Binance's `cum` (its "auxiliary number for quick
calculation") makes that amount continuous across bracket edges: cum_n = cum_(n−1) + floor_n × (ratio_n − ratio_(n−1)),
so `brackets()` derives floors and cums from (leverage, cap, ratio) rows and they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .vocabulary import ZERO


@dataclass(frozen=True)
class Bracket:
    """One row of a symbol's bracket table, as leverageBracket lists it."""

    bracket: int
    initial_leverage: int
    notional_floor: Decimal
    notional_cap: Decimal
    maint_margin_ratio: Decimal
    cum: Decimal

    def maintenance(self, notional: Decimal) -> Decimal:
        """The maintenance margin of a position of `notional` (absolute) in this bracket."""
        return notional * self.maint_margin_ratio - self.cum


def brackets(*rows: tuple[int, str, str]) -> tuple[Bracket, ...]:
    """The table from (initial leverage, notional cap, maintenance ratio) rows, lowest notional first."""
    table: list[Bracket] = []
    floor, cum, previous_ratio = ZERO, ZERO, ZERO
    for number, (leverage, cap, ratio) in enumerate(rows, start=1):
        rate = Decimal(ratio)
        cum += floor * (rate - previous_ratio) if table else ZERO
        table.append(Bracket(number, leverage, floor, Decimal(cap), rate, cum))
        floor, previous_ratio = Decimal(cap), rate
    return tuple(table)


def bracket_of(table: tuple[Bracket, ...], notional: Decimal) -> Bracket:
    """The bracket an absolute position notional falls in (the last one beyond the last cap)."""
    for row in table:
        if notional < row.notional_cap:
            return row
    return table[-1]


def max_notional(table: tuple[Bracket, ...], leverage: int) -> Decimal:
    """The largest position notional allowed at `leverage`: the cap of the last bracket that still allows it."""
    caps = [row.notional_cap for row in table if row.initial_leverage >= leverage]
    return caps[-1] if caps else table[0].notional_cap
