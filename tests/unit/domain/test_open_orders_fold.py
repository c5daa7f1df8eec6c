"""Open-orders fold: listed while open, removed when terminal; stale reports never undo newer ones."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.values import OrderStatus
from tests.harness.builders import EventFactory, at, fold


def test_a_placed_order_is_listed_under_its_exchange_identity() -> None:
    state = fold([EventFactory().order_placed(7)])

    assert [o.order_key for o in state.open_orders()] == ["order:7"]


def test_an_order_goes_from_open_to_partially_filled_and_leaves_the_list_when_filled() -> None:
    make = EventFactory()
    placed = make.order_placed(7)
    partial = make.order_updated(7, status="PARTIALLY_FILLED", filled_qty="0.4")

    state = fold([placed, partial])
    assert state.open_orders()[0].filled_qty == Decimal("0.4")

    state.apply(make.order_updated(7, status="FILLED", filled_qty="1"))
    assert state.open_orders() == []


@pytest.mark.parametrize("status", ["CANCELED", "EXPIRED", "EXPIRED_IN_MATCH", "REJECTED", "FINISHED", "TRIGGERED"])
def test_every_terminal_status_removes_the_order(status: str) -> None:
    make = EventFactory()

    assert fold([make.order_placed(7), make.order_updated(7, status=status)]).open_orders() == []


def test_a_triggering_algo_order_is_still_open() -> None:
    make = EventFactory()

    state = fold([make.order_placed(7, conditional=True), make.order_updated(7, conditional=True, status="TRIGGERING")])

    assert state.open_orders()[0].status is OrderStatus.TRIGGERING


def test_a_report_older_than_the_row_is_ignored() -> None:
    make = EventFactory()
    partial = make.order_updated(7, status="PARTIALLY_FILLED", filled_qty="0.4", updated_at=at(20))
    late_new = make.order_updated(7, status="NEW", filled_qty="0", updated_at=at(10))

    state = fold([make.order_placed(7, updated_at=at(5)), partial, late_new])

    assert state.open_orders()[0].status is OrderStatus.PARTIALLY_FILLED
    assert state.open_orders()[0].filled_qty == Decimal("0.4")


def test_a_report_with_fewer_fills_is_stale_even_with_the_same_time() -> None:
    make = EventFactory()
    newer = make.order_updated(7, status="PARTIALLY_FILLED", filled_qty="0.6", updated_at=at(20))
    older = make.order_updated(7, status="PARTIALLY_FILLED", filled_qty="0.4", updated_at=at(20))

    state = fold([newer, older])

    assert state.open_orders()[0].filled_qty == Decimal("0.6")


def test_an_algo_order_and_a_regular_order_with_the_same_number_are_separate_rows() -> None:
    make = EventFactory()

    state = fold([make.order_placed(7), make.order_placed(7, conditional=True)])
    assert [o.order_key for o in state.open_orders()] == ["algo:7", "order:7"]

    state.apply(make.order_updated(7, conditional=True, status="CANCELED"))
    assert [o.order_key for o in state.open_orders()] == ["order:7"]


def test_a_late_open_report_never_reopens_a_closed_order() -> None:
    # The stream's FILLED can overtake the executor's ack of the placement
    make = EventFactory()
    filled = make.order_updated(7, status="FILLED", filled_qty="1", updated_at=at(10))
    late_ack = make.order_placed(7, status="NEW", filled_qty="0", updated_at=at(10))

    state = fold([filled, late_ack])

    assert state.open_orders() == []
    assert state.tables["order_closed"]["order:7"].status is OrderStatus.FILLED


def test_a_closed_algo_order_moves_on_from_triggered_to_finished() -> None:
    make = EventFactory()
    triggered = make.order_updated(7, conditional=True, status="TRIGGERED", updated_at=at(10))
    finished = make.order_updated(7, conditional=True, status="FINISHED", filled_qty="1", updated_at=at(11))

    state = fold([make.order_placed(7, conditional=True, updated_at=at(5)), triggered, finished])

    assert state.tables["order_closed"]["algo:7"].status is OrderStatus.FINISHED
