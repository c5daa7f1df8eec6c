"""ProjectionStore history reads (the dashboard's trade history and daily PnL): paged by a keyset cursor, bounded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.projections import ledger
from domain.projections.rows import PnlDay, Trade
from domain.values import Side
from ports.projection_store import ProjectionStore, TradeQuery
from tests.contract.samples import BIG_ID, at
from tests.contract.test_projection_store_contract import upserts


def _trades(store: ProjectionStore) -> None:
    executed = [
        Trade(trade_id, side=side, price=Decimal("1"), executed_at=at(seconds))
        for trade_id, side, seconds in (
            (1, Side.BUY, 5),
            (2, Side.SELL, 7),
            (3, Side.BUY, 7),
            (BIG_ID, Side.SELL, 6),
            (5, Side.BUY, 1),
        )
    ]
    store.save(upserts([("trade", trade) for trade in [*executed, Trade(7, fee=Decimal("0.1"))]]), 1)


def _ids(trades: list[Trade]) -> list[int]:
    return [trade.trade_id for trade in trades]


def test_trade_history_pages_newest_first_by_a_cursor_and_leaves_fee_only_trades_out(
    projection_store: ProjectionStore,
) -> None:
    _trades(projection_store)

    first = projection_store.trade_history(TradeQuery(limit=2))
    last = first[-1]
    assert last.executed_at is not None
    second = projection_store.trade_history(TradeQuery(limit=2, before=(last.executed_at, last.trade_id)))
    rest = projection_store.trade_history(TradeQuery(limit=5, before=(at(5), 1)))

    assert (_ids(first), _ids(second), _ids(rest)) == ([3, 2], [BIG_ID, 1], [5])
    assert projection_store.trade_history(TradeQuery(limit=0)) == []


def test_trade_history_filters_by_side_and_a_half_open_time_range(projection_store: ProjectionStore) -> None:
    _trades(projection_store)

    buys = projection_store.trade_history(TradeQuery(limit=10, side=Side.BUY))
    window = projection_store.trade_history(TradeQuery(limit=10, since=at(5), until=at(7)))
    sells_after = projection_store.trade_history(TradeQuery(limit=10, side=Side.SELL, since=at(6)))

    assert (_ids(buys), _ids(window), _ids(sells_after)) == ([3, 1, 5], [BIG_ID, 1], [2, BIG_ID])


def test_a_negative_history_limit_is_refused(projection_store: ProjectionStore) -> None:
    with pytest.raises(ValueError, match="trade history limit must be an int >= 0"):
        projection_store.trade_history(TradeQuery(limit=-1))
    with pytest.raises(ValueError, match="pnl days limit must be an int >= 0"):
        projection_store.pnl_days(None, -1)


def test_pnl_days_page_newest_first_and_pnl_since_sums_from_a_day_on(projection_store: ProjectionStore) -> None:
    days = [PnlDay(date(2026, 11, d), Decimal(d), Decimal("0.5"), Decimal("-0.25")) for d in (18, 20, 21, 23)]
    projection_store.save(upserts([("pnl_day", day) for day in days]), 1)

    newest = projection_store.pnl_days(None, 2)
    older = projection_store.pnl_days(newest[-1].day, 10)

    assert [row.day.day for row in newest] == [23, 21]
    assert [row.day.day for row in older] == [20, 18]
    assert projection_store.pnl_since(date(2026, 11, 20)) == ledger.total(days[1:])
    assert projection_store.pnl_since(date(2026, 11, 24)) == PnlDay.empty(date.min)
