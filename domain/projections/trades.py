"""Trade fold: one row per trade id, fill and fee joined whichever comes first."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from decimal import Decimal

from domain.events import FeeCharged, TradeAttributed, TradeExecuted
from domain.projections.rows import Trade


def after_fill(trade: Trade | None, fill: TradeExecuted) -> Trade:
    return _joined(fill, None if trade is None else trade.fee, None if trade is None else trade.fee_asset)


def after_fee(trade: Trade | None, fee: FeeCharged) -> Trade:
    if trade is None:
        return Trade(fee.trade_id, fee=fee.amount, fee_asset=fee.asset)
    return _joined(trade, fee.amount, fee.asset)


def _joined(fill: TradeExecuted | Trade, fee: Decimal | None, fee_asset: str | None) -> Trade:
    # The fill's half from a fill or from the trade row that holds it, built directly rather than with
    # dataclasses.replace: this runs for every fill and fee of a replay
    return Trade(
        trade_id=fill.trade_id,
        order_id=fill.order_id,
        client_order_id=fill.client_order_id,
        side=fill.side,
        price=fill.price,
        quantity=fill.quantity,
        realized_pnl=fill.realized_pnl,
        maker=fill.maker,
        external=fill.external,
        executed_at=fill.executed_at,
        fee=fee,
        fee_asset=fee_asset,
    )


def after_attribution(trade: Trade, attribution: TradeAttributed) -> Trade:
    # Only who placed it changes: price, quantity, realized PnL and fee stay as the fill and fee recorded them
    return replace(trade, client_order_id=attribution.client_order_id, external=False)


def newest_first(trades: Collection[Trade], count: int) -> list[Trade]:
    """The `count` latest trades by execution time (then higher id); a trade whose fill has not arrived yet (fee only)
    sorts after every executed one."""
    dated = sorted(
        (t for t in trades if t.executed_at is not None), key=lambda t: (t.executed_at, t.trade_id), reverse=True
    )
    if len(dated) >= count:
        return dated[:count]
    undated = sorted((t for t in trades if t.executed_at is None), key=lambda t: t.trade_id, reverse=True)
    return (dated + undated)[:count]
