"""ProjectionStore targeted reads: each returns what the full load would show for it, and only that (ADR 0052)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from domain.projections import ledger
from domain.projections.rows import OpenOrder, PnlDay, Position, Trade
from domain.projections.state import RowChange
from domain.values import Side
from ports.projection_store import ProjectionStore
from tests.contract.samples import BIG_ID, at, sample_rows
from tests.contract.test_projection_store_contract import upserts


def test_an_empty_store_reads_flat_empty_and_none(projection_store: ProjectionStore) -> None:
    assert projection_store.position("XRPUSDT") == Position.flat("XRPUSDT")
    assert (projection_store.balances(), projection_store.open_orders(), projection_store.recent_trades(20)) == (
        [],
        [],
        [],
    )
    assert projection_store.pnl_day(date(2026, 1, 1)) == PnlDay.empty(date(2026, 1, 1))
    assert projection_store.pnl_total() == PnlDay.empty(date.min)
    assert projection_store.engine() is None


def test_each_read_equals_what_the_full_load_shows(projection_store: ProjectionStore) -> None:
    older = PnlDay(date(2026, 11, 20), Decimal("-2"), Decimal("0.5"), Decimal("0.25"))
    projection_store.save(upserts([*sample_rows(), ("pnl_day", older)]), 1)
    state, _ = projection_store.load()

    assert projection_store.position("BTCUSDT") == state.position("BTCUSDT")
    assert projection_store.position("ETHUSDT") == Position.flat("ETHUSDT")
    assert projection_store.balances() == state.balances()
    assert projection_store.open_orders() == state.open_orders()
    assert projection_store.engine() == state.engine()
    assert projection_store.pnl_day(date(2026, 11, 21)) == state.tables["pnl_day"]["2026-11-21"]
    total = projection_store.pnl_total()
    assert total == ledger.total(state.pnl_days())
    assert (total.day, total.net) == (date(2026, 11, 21), Decimal("-1.016"))


def test_recent_trades_are_the_latest_executions_then_fee_only_ones(projection_store: ProjectionStore) -> None:
    executed = [
        Trade(trade_id, price=Decimal("1"), executed_at=at(seconds))
        for trade_id, seconds in ((1, 5), (2, 7), (3, 7), (BIG_ID, 6), (5, 1))
    ]
    fee_only = [Trade(7, fee=Decimal("0.1")), Trade(6, fee=Decimal("0.2"))]
    projection_store.save(upserts([("trade", trade) for trade in executed + fee_only]), 1)

    ids = [trade.trade_id for trade in projection_store.recent_trades(20)]

    # Same millisecond: the higher id first; fee-only trades after every executed one, higher id first
    assert ids == [3, 2, BIG_ID, 1, 5, 7, 6]
    assert [t.trade_id for t in projection_store.recent_trades(3)] == [3, 2, BIG_ID]
    assert [t.trade_id for t in projection_store.recent_trades(6)] == [3, 2, BIG_ID, 1, 5, 7]
    assert projection_store.recent_trades(0) == []
    assert projection_store.recent_trades(20)[0] == executed[2]


def test_a_negative_trade_limit_is_refused(projection_store: ProjectionStore) -> None:
    with pytest.raises(ValueError, match="recent trades limit must be an int >= 0"):
        projection_store.recent_trades(-1)


def test_open_orders_list_regular_ones_first_then_conditional_ones_by_order_id(
    projection_store: ProjectionStore,
) -> None:
    ((_, template),) = [row for row in sample_rows() if row[0] == "order_open"]
    assert isinstance(template, OpenOrder)

    def order(order_id: int, conditional: bool) -> OpenOrder:
        key = f"{'algo' if conditional else 'order'}:{order_id}"
        return replace(template, order_key=key, order_id=order_id, conditional=conditional, side=Side.BUY)

    orders = [order(BIG_ID, False), order(12, True), order(30, False), order(4, True)]
    projection_store.save(upserts([("order_open", o) for o in orders]), 1)

    assert [(o.conditional, o.order_id) for o in projection_store.open_orders()] == [
        (False, 30),
        (False, BIG_ID),
        (True, 4),
        (True, 12),
    ]


def test_a_deleted_row_is_no_longer_read(projection_store: ProjectionStore) -> None:
    projection_store.save(upserts(sample_rows()), 1)

    projection_store.save([RowChange("engine", "engine", None), RowChange("position", "BTCUSDT", None)], 2)

    assert projection_store.engine() is None
    assert projection_store.position("BTCUSDT") == Position.flat("BTCUSDT")
