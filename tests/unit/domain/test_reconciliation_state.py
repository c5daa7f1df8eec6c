"""Reconciliation of position and balances, and of a whole pass: the exchange wins, stale snapshots never do."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from domain.events import (
    BalanceChanged,
    DriftDetected,
    FundingApplied,
    LeverageChanged,
    PositionChanged,
    Reconciled,
)
from domain.projections.state import ProjectionState
from domain.reconciliation import recorded
from domain.reports import ExchangeSnapshot
from domain.values import Source
from tests.harness.builders import (
    EXTERNAL_CLIENT_ID,
    OUR_CLIENT_ID,
    SYMBOL,
    EventFactory,
    at,
    balance_report,
    fold,
    income_report,
    of_type,
    order_facts,
    position_report,
    reconcile_against,
    snapshot,
    trade_report,
)

D = Decimal
# When snapshot() reads the exchange by default: a correction holds as of then
TAKEN = at(3600)


def apply_all(state: ProjectionState, payloads, make: EventFactory) -> None:
    for payload in payloads:
        state.apply(make.event(payload, source=Source.REST))


class TestPosition:
    def test_missing_fills_are_folded_in_before_the_position_is_compared(self) -> None:
        trades = [
            trade_report(1, qty="1", price="0.5", executed_at=at(0)),
            trade_report(2, qty="3", price="0.6", executed_at=at(1)),
        ]

        out = reconcile_against(
            snapshot(trades=trades, position=position_report(qty="4", entry_price="0.575", updated_at=at(1)))
        )

        assert of_type(out, PositionChanged) == []
        assert out[-1] == Reconciled(4, 0)

    def test_a_different_quantity_is_drift_then_corrected_from_the_report(self) -> None:
        state = fold([EventFactory().trade(1, qty="1", price="0.5", executed_at=at(0)), EventFactory().fee(1)])

        out = reconcile_against(snapshot(position=position_report(qty="2", entry_price="0.5", updated_at=at(5))), state)

        assert out == [
            DriftDetected("position", SYMBOL, "quantity", "1", "2"),
            PositionChanged(D("2"), D("0.5"), "reconcile", TAKEN),
            Reconciled(1, 1),
        ]

    def test_a_flat_report_corrects_a_position_the_exchange_no_longer_holds(self) -> None:
        state = fold([EventFactory().position(qty="3", entry_price="0.5", changed_at=at(0))])

        out = reconcile_against(snapshot(position=position_report(qty="0", entry_price="0", updated_at=at(5))), state)

        assert of_type(out, PositionChanged) == [PositionChanged(D("0"), D("0"), "reconcile", TAKEN)]

    def test_a_snapshot_older_than_the_local_position_is_skipped(self) -> None:
        state = fold([EventFactory().trade(1, qty="1", executed_at=at(100)), EventFactory().fee(1)])

        out = reconcile_against(snapshot(position=position_report(qty="0", updated_at=at(50), leverage=20)), state)

        assert out == []

    def test_a_missing_fill_newer_than_the_position_report_makes_that_report_stale(self) -> None:
        exchange = snapshot(trades=[trade_report(1, executed_at=at(100))], position=position_report(updated_at=at(50)))

        out = reconcile_against(exchange)

        assert of_type(out, (PositionChanged, DriftDetected)) == []

    def test_an_entry_gap_within_tolerance_is_corrected_without_drift(self) -> None:
        state = fold([EventFactory().position(qty="1", entry_price="0.5", changed_at=at(0))])
        exchange = snapshot(position=position_report(qty="1", entry_price="0.50004", updated_at=at(0)))

        out = reconcile_against(exchange, state, price_tolerance=D("0.0001"))

        assert out == [PositionChanged(D("1"), D("0.50004"), "reconcile", TAKEN), Reconciled(1, 0)]

    def test_an_entry_gap_beyond_tolerance_is_drift(self) -> None:
        state = fold([EventFactory().position(qty="1", entry_price="0.5", changed_at=at(0))])
        exchange = snapshot(position=position_report(qty="1", entry_price="0.5002", updated_at=at(0)))

        out = reconcile_against(exchange, state, price_tolerance=D("0.0001"))

        assert of_type(out, DriftDetected) == [DriftDetected("position", SYMBOL, "entry_price", "0.5", "0.5002")]

    def test_a_gap_below_the_last_digit_the_exchange_reports_is_its_rounding_corrected_without_drift(self) -> None:
        # Three fills averaged locally to 34 decimals; the exchange reports the entry to 8
        state = fold(
            [EventFactory().position(qty="30", entry_price="0.5685111950471430194251959559241168", changed_at=at(0))]
        )
        exchange = snapshot(position=position_report(qty="30", entry_price="0.56851119", updated_at=at(0)))

        out = reconcile_against(exchange, state)

        assert out == [PositionChanged(D("30"), D("0.56851119"), "reconcile", TAKEN), Reconciled(1, 0)]

    def test_with_no_tolerance_any_entry_gap_of_a_reported_digit_is_drift(self) -> None:
        state = fold([EventFactory().position(qty="1", entry_price="0.5", changed_at=at(0))])

        out = reconcile_against(
            snapshot(position=position_report(qty="1", entry_price="0.50001", updated_at=at(0))), state
        )

        assert out[-1] == Reconciled(1, 1)

    def test_a_correction_holds_as_of_the_read_so_a_same_millisecond_stream_snapshot_cannot_undo_it(self) -> None:
        # One market order's fills share a millisecond: the stream's partial positions carry the report's own time
        fill_time = at(5)
        exchange = snapshot(position=position_report(qty="3", entry_price="0.5", updated_at=fill_time))
        state = fold([EventFactory().position(qty="1", entry_price="0.5", changed_at=fill_time)])
        apply_all(state, reconcile_against(exchange, state), EventFactory(start=at(6), prefix="rest"))
        apply_all(
            state, [PositionChanged(D("2"), D("0.5"), "ORDER", fill_time)], EventFactory(start=at(7), prefix="ws")
        )

        assert (state.position(SYMBOL).quantity, reconcile_against(exchange, state)) == (D("3"), [])

    def test_each_pass_stamps_its_correction_with_its_own_read_time(self) -> None:
        state = fold([EventFactory().position(qty="1", entry_price="0.5", changed_at=at(0))])
        report = position_report(qty="2", entry_price="0.5", updated_at=at(5))

        first = of_type(reconcile_against(snapshot(position=report, taken_at=at(10)), state), PositionChanged)
        second = of_type(reconcile_against(snapshot(position=report, taken_at=at(20)), state), PositionChanged)

        assert first[0].natural_key() != second[0].natural_key()

    def test_a_negative_tolerance_is_refused(self) -> None:
        with pytest.raises(ValueError, match="price_tolerance must be a Decimal ≥ 0"):
            reconcile_against(snapshot(), price_tolerance=D("-0.1"))

    def test_a_different_leverage_is_appended(self) -> None:
        out = reconcile_against(snapshot(position=position_report(leverage=20, updated_at=at(0))))

        assert out == [LeverageChanged(20, at(0)), Reconciled(1, 0)]


class TestBalances:
    def test_a_balance_missing_locally_is_appended_without_drift(self) -> None:
        out = reconcile_against(snapshot(balances=[balance_report(wallet="1000", updated_at=at(0))]))

        assert out == [BalanceChanged("USDT", D("1000"), D("1000"), "reconcile", TAKEN), Reconciled(1, 0)]

    def test_a_newer_balance_is_a_missed_fact_not_drift(self) -> None:
        state = fold([EventFactory().balance(wallet="1000", changed_at=at(0))])

        out = reconcile_against(snapshot(balances=[balance_report(wallet="990", updated_at=at(5))]), state)

        assert out == [BalanceChanged("USDT", D("990"), D("990"), "reconcile", TAKEN), Reconciled(1, 0)]

    def test_a_balance_that_disagrees_with_an_equally_new_local_row_is_drift(self) -> None:
        state = fold([EventFactory().balance(wallet="1000", cross_wallet="1000", changed_at=at(5))])

        out = reconcile_against(
            snapshot(balances=[balance_report(wallet="990", cross_wallet="1000", updated_at=at(5))]), state
        )

        assert out == [
            DriftDetected("balance", "USDT", "wallet_balance", "1000", "990"),
            BalanceChanged("USDT", D("990"), D("1000"), "reconcile", TAKEN),
            Reconciled(1, 1),
        ]

    def test_a_balance_snapshot_older_than_the_local_row_is_stale_and_changes_nothing(self) -> None:
        state = fold([EventFactory().balance(wallet="1000", changed_at=at(9))])

        out = reconcile_against(snapshot(balances=[balance_report(wallet="990", updated_at=at(5))]), state)

        assert out == []

    def test_an_equal_balance_adds_nothing(self) -> None:
        state = fold([EventFactory().balance(wallet="1000.00", changed_at=at(0))])

        assert reconcile_against(snapshot(balances=[balance_report(wallet="1000", updated_at=at(5))]), state) == []


def messy_world() -> tuple[ProjectionState, ExchangeSnapshot]:
    """Local state that missed a fill, an order update, a new order and a balance change; one stale local order."""
    make = EventFactory(start=at(-100))
    state = fold(
        [
            make.order_placed(7, client_order_id=OUR_CLIENT_ID, updated_at=at(-50)),
            make.order_placed(3, updated_at=at(-50)),
        ]
    )
    exchange = snapshot(
        trades=[trade_report(11, order_id=7, qty="0.5", price="0.5", executed_at=at(10))],
        orders=[
            order_facts(8, client_order_id=EXTERNAL_CLIENT_ID, updated_at=at(5)),
            order_facts(7, status="PARTIALLY_FILLED", filled_qty="0.5", updated_at=at(10)),
        ],
        position=position_report(qty="1.5", entry_price="0.5", updated_at=at(10), leverage=10),
        balances=[balance_report("USDT", wallet="999", updated_at=at(10)), balance_report("BNB", updated_at=at(10))],
        incomes=[income_report(time=at(8), tran_id=1), income_report(time=at(-8), tran_id=2)],
    )
    return state, exchange


class TestWholePass:
    def test_facts_come_in_a_fixed_order_and_the_pass_ends_with_reconciled(self) -> None:
        state, exchange = messy_world()

        out = reconcile_against(exchange, state)

        assert [type(p).__name__ for p in out] == [
            "TradeExecuted", "FeeCharged",
            "FundingApplied", "FundingApplied",
            "OrderUpdated", "OrderPlaced", "DriftDetected",
            "DriftDetected", "PositionChanged", "LeverageChanged",
            "BalanceChanged", "BalanceChanged",
            "Reconciled",
        ]  # fmt: skip
        assert out[-1] == Reconciled(appended=10, drifts=2)
        assert [b.asset for b in of_type(out, BalanceChanged)] == ["BNB", "USDT"]

    def test_the_output_does_not_depend_on_the_order_of_the_reports(self) -> None:
        state, exchange = messy_world()
        shuffled = replace(
            exchange,
            trades=exchange.trades[::-1],
            orders=exchange.orders[::-1],
            balances=exchange.balances[::-1],
            incomes=exchange.incomes[::-1],
        )

        assert reconcile_against(shuffled, state) == reconcile_against(exchange, state)

    def test_a_second_pass_after_appending_the_first_finds_only_what_needs_a_lookup(self) -> None:
        state, exchange = messy_world()
        apply_all(state, reconcile_against(exchange, state), EventFactory(start=at(20), prefix="rest"))

        second = reconcile_against(exchange, state)

        assert second == [
            FundingApplied("USDT", D("-0.01"), at(-8), 2),
            FundingApplied("USDT", D("-0.01"), at(8), 1),
            DriftDetected("order", "order:3", "status", "NEW", "MISSING"),
            Reconciled(2, 1),
        ]

    def test_reconciling_a_state_that_already_has_everything_yields_nothing(self) -> None:
        make = EventFactory()
        state = fold(
            [
                make.trade(11, qty="2", price="0.5", executed_at=at(0)),
                make.fee(11),
                make.order_placed(7),
                make.leverage(10),
                make.balance(wallet="999", changed_at=at(0)),
            ]
        )
        exchange = snapshot(
            trades=[trade_report(11, qty="2", price="0.5", executed_at=at(0))],
            orders=[order_facts(7)],
            position=position_report(qty="2", entry_price="0.5", updated_at=at(0), leverage=10),
            balances=[balance_report(wallet="999", updated_at=at(0))],
        )

        assert reconcile_against(exchange, state) == []

    def test_a_pass_records_reconciled_only_after_new_facts_counting_drifts_apart(self) -> None:
        drift = DriftDetected("order", "order:3", "status", "NEW", "MISSING")
        funding = FundingApplied("USDT", D("-0.01"), at(8), 1)

        assert recorded([]) == []
        assert recorded([funding, drift]) == [funding, drift, Reconciled(appended=1, drifts=1)]

    def test_a_history_written_before_idle_passes_went_quiet_folds_as_one_without_its_markers(self) -> None:
        make = EventFactory()
        facts = [make.trade(11, qty="2", executed_at=at(0)), make.fee(11), make.balance(wallet="999", changed_at=at(0))]
        markers = [make.event(Reconciled(0, 0)) for _ in facts]

        with_markers = fold(event for pair in zip(facts, markers, strict=True) for event in pair)

        assert with_markers.tables == fold(facts).tables
