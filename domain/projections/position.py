"""Position fold: fills move it, exchange snapshots set it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Context, Decimal

from domain.events import LeverageChanged, PositionChanged, TradeExecuted
from domain.projections.rows import Position
from domain.values import ZERO

# Fixed precision so the same fills give the same entry price on every machine
_PRECISION = Context(prec=34)


def after_trade(position: Position, trade: TradeExecuted) -> Position:
    if position.snapshot_at is not None and trade.executed_at <= position.snapshot_at:
        # The exchange's snapshot already counts this fill; only its realized PnL is new to us
        return replace(position, realized_pnl=position.realized_pnl + trade.realized_pnl)
    before = position.quantity
    delta = trade.quantity * trade.side.sign
    after = before + delta
    return Position(
        symbol=position.symbol,
        quantity=after,
        entry_price=_entry_after(position.entry_price, before, after, delta, trade.price),
        realized_pnl=position.realized_pnl + trade.realized_pnl,
        leverage=position.leverage,
        updated_at=_later(position.updated_at, trade.executed_at),
        snapshot_at=position.snapshot_at,
    )


def after_snapshot(position: Position, snapshot: PositionChanged) -> Position:
    if position.updated_at is not None and snapshot.changed_at < position.updated_at:
        # An older snapshot must never undo a fresher fill
        return position
    return replace(
        position,
        quantity=snapshot.quantity,
        entry_price=snapshot.entry_price if snapshot.quantity != ZERO else ZERO,
        updated_at=snapshot.changed_at,
        snapshot_at=snapshot.changed_at,
    )


def after_leverage(position: Position, change: LeverageChanged) -> Position:
    return replace(position, leverage=change.leverage)


def _entry_after(entry: Decimal, before: Decimal, after: Decimal, delta: Decimal, price: Decimal) -> Decimal:
    if after == ZERO:
        return ZERO
    if before == ZERO or (before > 0) == (delta > 0):
        cost = _PRECISION.add(_PRECISION.multiply(abs(before), entry), _PRECISION.multiply(abs(delta), price))
        return _PRECISION.divide(cost, abs(after))
    if (after > 0) == (before > 0):
        return entry
    return price


def _later(current: datetime | None, candidate: datetime) -> datetime:
    return candidate if current is None or candidate > current else current
