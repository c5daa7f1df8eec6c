"""ProjectionStore lookups by key (ADR 0069): each answers what the full load would, and the state the bot opens
holds the small tables whole and reads trades and closed orders through them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.projections.rows import ClosedOrder, Trade
from domain.projections.stored import LARGE_TABLES
from domain.values import OrderStatus
from ports.projection_store import ProjectionStore
from tests.contract.samples import BIG_ID, at, sample_rows
from tests.contract.test_projection_store_contract import upserts
from tests.harness.builders import EventFactory


def test_an_empty_store_finds_nothing(projection_store: ProjectionStore) -> None:
    assert projection_store.trade(1) is None and projection_store.closed_order("order:1") is None
    assert projection_store.highest_trade_id() is None
    assert projection_store.trades_without_client_id() == projection_store.trades_of_orders([1]) == []
    assert projection_store.all_trades() == []
    state, checkpoint = projection_store.open_state()
    assert checkpoint == 0 and all(rows == {} for rows in state.tables.values())
    assert state.highest_trade_id() is None and state.newest_trade() is None


def test_each_lookup_answers_what_the_full_load_shows(projection_store: ProjectionStore) -> None:
    closed = ClosedOrder("order:5", OrderStatus.FILLED, Decimal("1.0"), at(5))
    attributed = Trade(11, order_id=BIG_ID, client_order_id="ae-1", price=Decimal("1"), executed_at=at(6))
    projection_store.save(upserts([*sample_rows(), ("order_closed", closed), ("trade", attributed)]), 3)
    state, _ = projection_store.load()
    trades = state.tables["trade"]

    assert projection_store.trade(BIG_ID) == trades[str(BIG_ID)] and projection_store.trade(12) is None
    assert projection_store.closed_order("order:5") == closed and projection_store.closed_order("order:6") is None
    # Ids above 2^53 order as integers, not as their text
    assert projection_store.highest_trade_id() == BIG_ID
    assert projection_store.all_trades() == state.trades()
    assert [t.trade_id for t in projection_store.trades_without_client_id()] == [9, 10, BIG_ID]
    assert [t.trade_id for t in projection_store.trades_of_orders([BIG_ID, 77])] == [9, 11]
    assert projection_store.trades_of_orders([]) == []


def test_trades_of_many_orders_are_all_found(projection_store: ProjectionStore) -> None:
    many = [Trade(trade_id, order_id=trade_id * 10, client_order_id=f"c{trade_id}") for trade_id in range(1, 1201)]
    projection_store.save(upserts([("trade", trade) for trade in many]), 1)

    assert projection_store.trades_of_orders(range(10, 12_010, 10)) == many


def test_the_opened_state_holds_the_small_tables_and_reads_the_large_ones_from_the_store(
    projection_store: ProjectionStore,
) -> None:
    projection_store.save(upserts(sample_rows()), 2)
    whole, _ = projection_store.load()

    state, checkpoint = projection_store.open_state()

    assert checkpoint == 2
    assert all(state.tables[name] == ({} if name in LARGE_TABLES else rows) for name, rows in whole.tables.items())
    assert state.trade(9) == whole.trade(9) and state.highest_trade_id() == BIG_ID
    assert state.trades() == whole.trades()
    assert state.trades_without_client_id() == whole.trades_without_client_id()


def test_a_fold_sees_its_own_unsaved_rows_until_the_store_holds_them(projection_store: ProjectionStore) -> None:
    projection_store.save(upserts(sample_rows()), 2)
    state, _ = projection_store.open_state()

    changes = state.apply(EventFactory().trade(BIG_ID + 1, order_id=BIG_ID, client_order_id="ae-2"))

    assert projection_store.trade(BIG_ID + 1) is None
    assert state.highest_trade_id() == BIG_ID + 1 and state.newest_trade() == state.trade(BIG_ID + 1)
    assert state.trade_client_ids([BIG_ID]) == {BIG_ID: "ae-2"}
    projection_store.save(changes, 3)
    state.saved()
    assert state.tables["trade"] == {}
    assert state.trade(BIG_ID + 1) == projection_store.trade(BIG_ID + 1) is not None
    assert state.trade_client_ids([BIG_ID]) == {BIG_ID: "ae-2"}


def test_a_state_read_by_key_cannot_replace_the_tables(projection_store: ProjectionStore) -> None:
    projection_store.save(upserts(sample_rows()), 2)
    state, _ = projection_store.open_state()

    with pytest.raises(ValueError, match="only a state holding every table"):
        projection_store.replace_all(state, 3)

    assert projection_store.all_trades() == projection_store.load()[0].trades() != []
    assert projection_store.checkpoint() == 2
