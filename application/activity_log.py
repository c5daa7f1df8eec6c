"""One log line per fact an operator follows: orders, fills, funding, position, margin calls, drift, risk rejections,
engine state."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from domain.events import (
    CommandExpired,
    CommandFailed,
    DriftDetected,
    EngineStateChanged,
    FundingApplied,
    LeverageChanged,
    MarginCalled,
    OrderPlaced,
    OrderRejected,
    OrderUpdated,
    PositionChanged,
    RiskGuardRejected,
    StoredEvent,
    TradeAttributed,
    TradeExecuted,
)
from domain.events.orders import OrderFacts
from domain.projections.state import RowChange
from domain.times import format_utc

log = logging.getLogger("alphaengine.activity")

Line = tuple[int, str]


def log_activity(stored: StoredEvent, changes: list[RowChange]) -> None:
    """Log `stored` if an operator follows its kind (the projector calls this for each event it folds live)."""
    payload = stored.event.payload
    if isinstance(payload, PositionChanged):
        line = _position(payload, changes)
    else:
        describe = _DESCRIBERS.get(type(payload))
        line = None if describe is None else describe(payload)
    if line is not None:
        level, text = line
        log.log(level, "%s [%s]", text, stored.event.source.value)


def _order(facts: OrderFacts) -> str:
    price = facts.price if facts.price is not None else facts.trigger_price
    at = f" @ {price}" if price is not None else ""
    flags = "".join(
        f", {flag}" for flag, on in (("reduce-only", facts.reduce_only), ("external", facts.external)) if on
    )
    return f"{facts.side.value} {facts.order_type.value} {facts.quantity}{at} ({facts.client_order_id}{flags})"


def _placed(event: OrderPlaced) -> Line:
    return logging.INFO, f"order placed: {_order(event)}"


def _updated(event: OrderUpdated) -> Line | None:
    # Partial fills show up as trades; only the order's end is worth its own line
    if event.status.is_open:
        return None
    return logging.INFO, f"order {event.status.value}: {_order(event)}, filled {event.filled_qty} @ {event.avg_price}"


def _trade(event: TradeExecuted) -> Line:
    external = ", external" if event.external else ""
    return logging.INFO, (
        f"trade {event.trade_id}: {event.side.value} {event.quantity} @ {event.price}, "
        f"realized {event.realized_pnl}{external}"
    )


def _position(event: PositionChanged, changes: list[RowChange]) -> Line | None:
    # Only a snapshot the fold took: a stale one (older than a fill or a correction already folded) changed nothing
    rows = [change.row for change in changes if change.table == "position"]
    if not rows or getattr(rows[0], "snapshot_at", None) != event.changed_at:
        return None
    return logging.INFO, f"position {event.quantity} @ {event.entry_price} ({event.reason})"


def _margin_call(event: MarginCalled) -> Line:
    wallet = f", cross wallet {event.cross_wallet_balance}" if event.cross_wallet_balance is not None else ""
    isolated = f", isolated wallet {event.isolated_wallet}" if event.isolated_wallet else ""
    return logging.WARNING, (
        f"MARGIN CALL {event.symbol} {event.position_side} {event.quantity} "
        f"({event.margin_type}{isolated}): mark {event.mark_price}, unrealized "
        f"{event.unrealized_pnl}, maintenance margin {event.maintenance_margin}{wallet}; "
        "the account nears liquidation"
    )


def _simple(level: int, render: Callable[[Any], str]) -> Callable[[Any], Line]:
    return lambda event: (level, render(event))


_DESCRIBERS: dict[type, Callable[[Any], Line | None]] = {
    OrderPlaced: _placed,
    OrderUpdated: _updated,
    TradeExecuted: _trade,
    TradeAttributed: _simple(
        logging.INFO,
        lambda e: f"trade {e.trade_id} is the bot's own: order {e.order_id} {e.client_order_id}, no longer external",
    ),
    OrderRejected: _simple(logging.WARNING, lambda e: f"order {e.client_order_id} rejected: {e.code} {e.reason}"),
    FundingApplied: _simple(logging.INFO, lambda e: f"funding {e.amount} {e.asset}"),
    LeverageChanged: _simple(logging.INFO, lambda e: f"leverage {e.leverage}x"),
    MarginCalled: _margin_call,
    DriftDetected: _simple(
        logging.WARNING,
        lambda e: f"drift in {e.entity} {e.key} {e.field}: local {e.local}, exchange {e.exchange} (corrected)",
    ),
    RiskGuardRejected: _simple(
        logging.WARNING,
        lambda e: f"risk guard refused ({e.rule}): {e.reason}; value {e.value}, limit {e.limit}, equity {e.equity}",
    ),
    CommandFailed: _simple(logging.WARNING, lambda e: f"command {e.command_type} {e.command_id} failed: {e.error}"),
    CommandExpired: _simple(
        logging.WARNING,
        lambda e: (
            f"command {e.command_type} {e.command_id} expired: claimed "
            f"{format_utc(e.claimed_at)}, after its expiry "
            f"{format_utc(e.expires_at)}; not executed"
        ),
    ),
    EngineStateChanged: _simple(logging.INFO, lambda e: f"engine {e.state.value}: {e.reason}"),
}
