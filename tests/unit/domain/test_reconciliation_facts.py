"""Reconciliation of fills, fees, funding and orders: missing facts are appended, lost orders reported as drift."""

from __future__ import annotations

from decimal import Decimal

from domain.events import (
    DriftDetected,
    FeeCharged,
    FundingApplied,
    LiquidationFeeCharged,
    OrderPlaced,
    OrderUpdated,
    Reconciled,
    TradeAttributed,
    TradeExecuted,
    new_event,
)
from domain.projections.state import ProjectionState
from domain.reports import OrderOwner
from domain.values import OrderStatus, Side, Source
from tests.harness.builders import (
    EXTERNAL_CLIENT_ID,
    OUR_CLIENT_ID,
    SCOPE,
    EventFactory,
    at,
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


class TestTrades:
    def test_a_fill_missing_locally_is_appended_with_its_fee(self) -> None:
        report = trade_report(5, order_id=9, client_order_id=OUR_CLIENT_ID, qty="1", price="0.5", realized_pnl="0.1")

        out = reconcile_against(snapshot(trades=[report], position=position_report(qty="1", entry_price="0.5")))

        assert out == [
            TradeExecuted(5, 9, OUR_CLIENT_ID, Side.BUY, D("0.5"), D("1"), D("0.1"), False, False, report.executed_at),
            FeeCharged(5, "USDT", D("0.0002"), report.executed_at),
            Reconciled(appended=2, drifts=0),
        ]

    def test_a_fill_of_an_order_we_did_not_place_is_tagged_external(self) -> None:
        out = reconcile_against(snapshot(trades=[trade_report(5, client_order_id=EXTERNAL_CLIENT_ID)]))

        assert of_type(out, TradeExecuted)[0].external is True

    def test_a_fill_without_client_id_takes_it_from_the_known_order(self) -> None:
        state = fold([EventFactory().order_placed(9, client_order_id=OUR_CLIENT_ID)])

        out = reconcile_against(snapshot(trades=[trade_report(5, order_id=9, client_order_id=None)]), state)

        fill = of_type(out, TradeExecuted)[0]
        assert (fill.client_order_id, fill.external) == (OUR_CLIENT_ID, False)

    def test_a_fill_of_an_unknown_order_without_client_id_is_external(self) -> None:
        out = reconcile_against(snapshot(trades=[trade_report(5, order_id=9, client_order_id=None)]))

        fill = of_type(out, TradeExecuted)[0]
        assert (fill.client_order_id, fill.external) == (None, True)

    def test_a_fill_known_only_by_its_fee_gets_just_the_fill(self) -> None:
        state = fold([EventFactory().fee(5)])

        out = reconcile_against(snapshot(trades=[trade_report(5)]), state)

        assert [type(p) for p in out if isinstance(p, (TradeExecuted, FeeCharged))] == [TradeExecuted]

    def test_a_fill_known_without_its_fee_gets_just_the_fee(self) -> None:
        state = fold([EventFactory().trade(5)])

        out = reconcile_against(snapshot(trades=[trade_report(5)]), state)

        assert [type(p) for p in out if isinstance(p, (TradeExecuted, FeeCharged))] == [FeeCharged]

    def test_a_fully_known_fill_adds_nothing(self) -> None:
        make = EventFactory()
        state = fold([make.trade(5, executed_at=at(0)), make.fee(5)])

        out = reconcile_against(
            snapshot(trades=[trade_report(5)], position=position_report(qty="1", entry_price="0.5")), state
        )

        assert out == []

    def test_a_trade_listed_twice_is_one_fill(self) -> None:
        out = reconcile_against(snapshot(trades=[trade_report(5), trade_report(5)]))

        assert len(of_type(out, TradeExecuted)) == 1
        assert len(of_type(out, FeeCharged)) == 1


class TestAttribution:
    """ADR 0048 Addendum 2: a fill stored with no client id while its order was invisible, once its order is known."""

    @staticmethod
    def stored_as_external() -> ProjectionState:
        make = EventFactory()
        return fold(
            [
                make.trade(5, order_id=9, client_order_id=None),
                make.trade(6, order_id=9, client_order_id=None),
                make.fee(5),
                make.trade(7, order_id=8, client_order_id=None),
            ]
        )

    def test_fills_of_an_order_the_bot_now_knows_as_its_own_are_attributed_one_fact_each(self) -> None:
        owner = OrderOwner(9, OUR_CLIENT_ID, "cmd-1")

        out = reconcile_against(snapshot(owners=[owner]), self.stored_as_external())

        assert of_type(out, TradeAttributed) == [
            TradeAttributed(5, 9, OUR_CLIENT_ID, "cmd-1"),
            TradeAttributed(6, 9, OUR_CLIENT_ID, "cmd-1"),
        ]
        assert out[-1] == Reconciled(appended=2, drifts=0)

    def test_an_order_the_exchange_reports_with_our_client_id_attributes_its_stored_fills(self) -> None:
        report = order_facts(9, client_order_id=OUR_CLIENT_ID, status=OrderStatus.FILLED)

        out = reconcile_against(snapshot(orders=[report]), self.stored_as_external())

        assert of_type(out, TradeAttributed) == [
            TradeAttributed(5, 9, OUR_CLIENT_ID, None),
            TradeAttributed(6, 9, OUR_CLIENT_ID, None),
        ]

    def test_fills_of_someone_elses_order_stay_external(self) -> None:
        out = reconcile_against(snapshot(owners=[OrderOwner(9, EXTERNAL_CLIENT_ID)]), self.stored_as_external())

        assert of_type(out, TradeAttributed) == []

    def test_an_attributed_fill_is_not_attributed_again(self) -> None:
        state = self.stored_as_external()
        for payload in reconcile_against(snapshot(owners=[OrderOwner(9, OUR_CLIENT_ID)]), state):
            state.apply(new_event(payload, event_id=f"ev-{id(payload)}", ts=at(7200), scope=SCOPE, source=Source.REST))

        out = reconcile_against(snapshot(owners=[OrderOwner(9, OUR_CLIENT_ID)]), state)

        assert of_type(out, TradeAttributed) == []
        assert [(t.trade_id, t.client_order_id, t.external) for t in state.trades()] == [
            (5, OUR_CLIENT_ID, False),
            (6, OUR_CLIENT_ID, False),
            (7, None, True),
        ]


class TestLiquidationFees:
    def test_each_clearance_fee_row_becomes_a_fee_fact_with_the_cost_positive_once_per_tran_id(self) -> None:
        fee = income_report(income_type="INSURANCE_CLEAR", amount="-1.2375", time=at(60), tran_id=9)
        top_up = income_report(income_type="INSURANCE_CLEAR", amount="0.4", time=at(61), tran_id=10)

        out = of_type(reconcile_against(snapshot(incomes=[top_up, fee, fee])), LiquidationFeeCharged)

        assert out == [
            LiquidationFeeCharged("USDT", D("1.2375"), at(60), 9),
            LiquidationFeeCharged("USDT", D("-0.4"), at(61), 10),
        ]

    def test_a_clearance_fee_is_counted_with_the_days_fees(self) -> None:
        make = EventFactory()
        fee = make.event(LiquidationFeeCharged("USDT", D("1.2375"), at(60), 9))

        [day] = fold([make.fee(1, amount="0.5"), fee]).pnl_days()

        assert (day.fees, day.net) == (D("1.7375"), D("-1.7375"))


class TestFunding:
    def test_every_funding_row_becomes_a_funding_fact_and_other_income_is_ignored(self) -> None:
        incomes = [
            income_report(amount="0.03", time=at(7200), tran_id=2),
            income_report(income_type="COMMISSION", amount="-0.0002", trade_id=5),
            income_report(amount="-0.01", time=at(0), tran_id=1),
            income_report(income_type="REALIZED_PNL", amount="1", trade_id=5),
        ]

        out = of_type(reconcile_against(snapshot(incomes=incomes)), FundingApplied)

        assert out == [FundingApplied("USDT", D("-0.01"), at(0), 1), FundingApplied("USDT", D("0.03"), at(7200), 2)]

    def test_funding_already_folded_is_proposed_again_under_the_dedup_key_the_stream_used(self) -> None:
        make = EventFactory()
        from_stream = make.funding(amount="-0.01", funding_time=at(0), tran_id=None)
        state = fold([from_stream])

        out = of_type(reconcile_against(snapshot(incomes=[income_report(time=at(0))]), state), FundingApplied)

        again = new_event(out[0], event_id="rest-1", ts=at(10), scope=SCOPE, source=Source.REST)
        assert again.dedup_key == from_stream.dedup_key


class TestOrders:
    def test_an_open_order_missing_locally_is_placed_and_tagged_by_its_client_id(self) -> None:
        ours = order_facts(7, client_order_id=OUR_CLIENT_ID)
        theirs = order_facts(8, client_order_id=EXTERNAL_CLIENT_ID, external=False)

        out = of_type(reconcile_against(snapshot(orders=[theirs, ours])), OrderPlaced)

        assert [(o.order_key, o.external) for o in out] == [("order:7", False), ("order:8", True)]

    def test_a_local_order_the_exchange_reports_differently_is_updated(self) -> None:
        make = EventFactory()
        state = fold([make.order_placed(7, updated_at=at(0))])
        report = order_facts(7, status="PARTIALLY_FILLED", filled_qty="0.4", updated_at=at(5))

        out = reconcile_against(snapshot(orders=[report]), state)

        assert out == [OrderUpdated(**vars(report)), Reconciled(1, 0)]

    def test_a_local_order_the_exchange_reports_identically_adds_nothing(self) -> None:
        state = fold([EventFactory().order_placed(7, updated_at=at(0))])

        assert reconcile_against(snapshot(orders=[order_facts(7, updated_at=at(9))]), state) == []

    def test_a_report_older_than_the_local_order_is_ignored(self) -> None:
        make = EventFactory()
        state = fold([make.order_updated(7, status="PARTIALLY_FILLED", filled_qty="0.4", updated_at=at(20))])

        out = reconcile_against(
            snapshot(orders=[order_facts(7, status="NEW", filled_qty="0", updated_at=at(10))]), state
        )

        assert out == []

    def test_a_local_open_order_missing_from_the_snapshot_is_drift_without_correction(self) -> None:
        state = fold([EventFactory().order_placed(7)])

        out = reconcile_against(snapshot(), state)

        assert out == [DriftDetected("order", "order:7", "status", "NEW", "MISSING"), Reconciled(0, 1)]

    def test_the_terminal_state_of_a_looked_up_order_is_appended(self) -> None:
        make = EventFactory()
        state = fold([make.order_placed(7, updated_at=at(0))])
        looked_up = order_facts(7, status="FILLED", filled_qty="1", updated_at=at(30))

        out = reconcile_against(snapshot(orders=[looked_up]), state)

        assert [(type(p), getattr(p, "status", None)) for p in out[:-1]] == [(OrderUpdated, OrderStatus.FILLED)]

    def test_an_order_listed_twice_is_judged_by_its_most_advanced_report(self) -> None:
        state = fold([EventFactory().order_placed(7, updated_at=at(0))])
        listed = order_facts(7, status="NEW", updated_at=at(0))
        looked_up = order_facts(7, status="CANCELED", updated_at=at(0))

        out = of_type(reconcile_against(snapshot(orders=[looked_up, listed]), state), OrderUpdated)

        assert [o.status for o in out] == [OrderStatus.CANCELED]

    def test_a_regular_order_and_an_algo_order_with_the_same_number_are_told_apart(self) -> None:
        state = fold([EventFactory().order_placed(7, conditional=True)])

        out = reconcile_against(snapshot(orders=[order_facts(7)]), state)

        assert [(type(p).__name__, getattr(p, "order_key", getattr(p, "key", None))) for p in out[:-1]] == [
            ("OrderPlaced", "order:7"),
            ("DriftDetected", "algo:7"),
        ]
