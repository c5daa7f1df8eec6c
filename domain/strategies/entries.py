"""What the built-in strategies share: the position counted as held, an entry sized by risk, and a reversal."""

from __future__ import annotations

from decimal import Decimal

from domain.decisions import Decision, Enter, Exit
from domain.strategy import StrategyContext
from domain.values import ZERO, Side


def held(ctx: StrategyContext) -> Decimal:
    """The signed quantity held, counting entries whose outcome is still unknown as held (ADR 0048)."""
    return ctx.position.quantity + ctx.unresolved_quantity


def sized_entry(ctx: StrategyContext, side: Side, stop: Decimal, risk_per_trade: Decimal, reason: str) -> Enter | None:
    """A market entry at the mark whose loss down to `stop` is risk_per_trade of equity; None when it cannot be."""
    distance = (ctx.mark_price - stop) * side.sign
    budget = ctx.equity * risk_per_trade
    if budget <= ZERO or ctx.mark_price <= ZERO or distance <= ZERO:
        return None
    return Enter(side=side, quantity=budget / distance, stop_price=stop, reason=reason)


def act(ctx: StrategyContext, side: Side | None, entry: Enter | None, exit_reason: str | None = None) -> list[Decision]:
    """At most one Exit then one Enter: a signal the way already held does nothing, one against it reverses.

    `exit_reason` (given when the strategy's own exit rule fired) flattens a held position without a new signal.
    """
    signed = held(ctx)
    if side is None:
        return [Exit(reason=exit_reason)] if exit_reason is not None and signed != ZERO else []
    if signed * side.sign > ZERO:
        return []
    decisions: list[Decision] = []
    if signed != ZERO:
        decisions.append(Exit(reason=exit_reason or f"{side.value} signal reverses the position"))
    return decisions + ([entry] if entry is not None else [])
