"""Trade fold: a fill and its fee meet in one row whichever arrives first."""

from __future__ import annotations

from decimal import Decimal

from domain.events import TradeAttributed
from tests.harness.builders import EXTERNAL_CLIENT_ID, OUR_CLIENT_ID, EventFactory, fold


def test_a_fill_then_its_fee_make_one_row_with_both_halves() -> None:
    make = EventFactory()

    row = fold([make.trade(5, qty="2", price="0.5"), make.fee(5, amount="0.0004")]).trade(5)

    assert (row.price, row.quantity) == (Decimal("0.5"), Decimal("2"))
    assert (row.fee, row.fee_asset) == (Decimal("0.0004"), "USDT")


def test_a_fee_arriving_before_its_fill_gives_the_same_row() -> None:
    make = EventFactory()
    fill, fee = make.trade(5), make.fee(5)

    assert fold([fee, fill]).trade(5) == fold([fill, fee]).trade(5)


def test_a_fee_alone_is_a_row_still_waiting_for_its_fill() -> None:
    row = fold([EventFactory().fee(5)]).trade(5)

    assert row.fee == Decimal("0.0002")
    assert row.price is None


def test_a_fill_of_an_order_we_did_not_place_is_marked_external() -> None:
    row = fold([EventFactory().trade(5, client_order_id=EXTERNAL_CLIENT_ID)]).trade(5)

    assert row.external is True


def test_trades_are_listed_by_trade_id() -> None:
    make = EventFactory()

    state = fold([make.trade(30), make.trade(4), make.fee(200)])

    assert [t.trade_id for t in state.trades()] == [4, 30, 200]


def test_an_attributed_fill_names_its_client_id_and_is_no_longer_external_nothing_else_changes() -> None:
    make = EventFactory()
    fill, fee = make.trade(5, order_id=9, client_order_id=None, realized_pnl="1.5"), make.fee(5)
    attributed = make.event(TradeAttributed(5, 9, OUR_CLIENT_ID, "cmd-1"))

    before, after = fold([fill, fee]).trade(5), fold([fill, fee, attributed, attributed]).trade(5)

    assert (before.client_order_id, before.external) == (None, True)
    assert (after.client_order_id, after.external) == (OUR_CLIENT_ID, False)
    assert (after.price, after.quantity, after.realized_pnl, after.fee) == (
        before.price,
        before.quantity,
        before.realized_pnl,
        before.fee,
    )


def test_an_attribution_of_a_trade_not_folded_yet_changes_nothing() -> None:
    state = fold([EventFactory().event(TradeAttributed(5, 9, OUR_CLIENT_ID, None))])

    assert state.trades() == []
