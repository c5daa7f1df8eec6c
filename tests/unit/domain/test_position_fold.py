"""Position fold: fills move the one-way position with a weighted entry; exchange snapshots set it outright."""

from __future__ import annotations

from decimal import Decimal

from domain.values import Side
from tests.harness.builders import SYMBOL, EventFactory, at, fold


def position_after(*events):
    return fold(events).position(SYMBOL)


def test_a_symbol_without_events_is_flat() -> None:
    position = position_after()

    assert (position.quantity, position.entry_price, position.side) == (0, 0, "FLAT")
    assert position.updated_at is None


def test_a_buy_opens_a_long_at_the_fill_price() -> None:
    make = EventFactory()

    position = position_after(make.trade(1, qty="2", price="0.5"))

    assert (position.quantity, position.entry_price, position.side) == (Decimal("2"), Decimal("0.5"), "LONG")


def test_adding_to_a_long_weights_the_entry_by_quantity() -> None:
    make = EventFactory()

    position = position_after(make.trade(1, qty="1", price="0.5"), make.trade(2, qty="3", price="0.6"))

    assert position.quantity == Decimal("4")
    assert position.entry_price == Decimal("0.575")


def test_reducing_keeps_the_entry_and_accumulates_realized_pnl() -> None:
    make = EventFactory()

    position = position_after(
        make.trade(1, qty="4", price="0.5"),
        make.trade(2, side=Side.SELL, qty="1", price="0.6", realized_pnl="0.1"),
        make.trade(3, side=Side.SELL, qty="1", price="0.4", realized_pnl="-0.1"),
        make.trade(4, side=Side.SELL, qty="1", price="0.7", realized_pnl="0.2"),
    )

    assert (position.quantity, position.entry_price) == (Decimal("1"), Decimal("0.5"))
    assert position.realized_pnl == Decimal("0.2")


def test_closing_the_whole_position_leaves_it_flat_with_no_entry() -> None:
    make = EventFactory()

    position = position_after(make.trade(1, qty="2", price="0.5"), make.trade(2, side=Side.SELL, qty="2", price="0.55"))

    assert (position.quantity, position.entry_price, position.side) == (0, 0, "FLAT")


def test_a_fill_larger_than_the_position_flips_it_at_the_fill_price() -> None:
    make = EventFactory()

    position = position_after(make.trade(1, qty="1", price="0.5"), make.trade(2, side=Side.SELL, qty="3", price="0.6"))

    assert (position.quantity, position.entry_price, position.side) == (Decimal("-2"), Decimal("0.6"), "SHORT")


def test_a_short_is_a_negative_quantity_with_its_own_weighted_entry() -> None:
    make = EventFactory()

    position = position_after(
        make.trade(1, side=Side.SELL, qty="2", price="0.5"),
        make.trade(2, side=Side.SELL, qty="2", price="0.7"),
        make.trade(3, side=Side.BUY, qty="1", price="0.55"),
    )

    assert (position.quantity, position.entry_price) == (Decimal("-3"), Decimal("0.6"))


def test_a_weighted_entry_that_does_not_divide_evenly_is_computed_to_fixed_precision() -> None:
    make = EventFactory()

    position = position_after(make.trade(1, qty="1", price="0.5"), make.trade(2, qty="2", price="0.6"))

    assert position.entry_price == Decimal("0.5666666666666666666666666666666667")


def test_an_exchange_snapshot_overrides_what_the_fills_said() -> None:
    make = EventFactory()

    position = position_after(make.trade(1, qty="1", price="0.5"), make.position(qty="-5", entry_price="0.55"))

    assert (position.quantity, position.entry_price) == (Decimal("-5"), Decimal("0.55"))


def test_a_flat_snapshot_clears_the_entry_price() -> None:
    make = EventFactory()

    position = position_after(make.trade(1, qty="1", price="0.5"), make.position(qty="0", entry_price="0.5"))

    assert (position.quantity, position.entry_price) == (0, 0)


def test_leverage_changes_only_the_leverage() -> None:
    make = EventFactory()

    position = position_after(make.trade(1, qty="1", price="0.5"), make.leverage(20))

    assert position.leverage == 20
    assert (position.quantity, position.entry_price) == (Decimal("1"), Decimal("0.5"))


def test_the_position_remembers_its_latest_change_even_when_facts_arrive_out_of_order() -> None:
    make = EventFactory()

    position = position_after(make.trade(1, executed_at=at(100)), make.trade(2, executed_at=at(50)))

    assert position.updated_at == at(100)


def test_a_fill_already_inside_an_earlier_snapshot_adds_only_its_realized_pnl() -> None:
    # The stream delivered ACCOUNT_UPDATE but dropped the fill; REST later supplies the fill with the same time
    make = EventFactory()
    snapshot = make.position(qty="1", entry_price="0.5", changed_at=at(10))
    fill = make.trade(1, qty="1", price="0.5", realized_pnl="0.2", executed_at=at(10))

    position = position_after(snapshot, fill)

    assert (position.quantity, position.entry_price, position.realized_pnl) == (
        Decimal("1"),
        Decimal("0.5"),
        Decimal("0.2"),
    )


def test_a_fill_after_the_snapshot_moves_the_position() -> None:
    make = EventFactory()

    position = position_after(
        make.position(qty="1", entry_price="0.5", changed_at=at(10)),
        make.trade(2, qty="1", price="0.7", executed_at=at(11)),
    )

    assert (position.quantity, position.entry_price) == (Decimal("2"), Decimal("0.6"))


def test_a_snapshot_older_than_a_fill_never_undoes_it() -> None:
    make = EventFactory()

    position = position_after(
        make.trade(1, qty="1", price="0.5", executed_at=at(20)),
        make.position(qty="0", entry_price="0", changed_at=at(10)),
    )

    assert position.quantity == Decimal("1")
