"""Risk guard: orders are rounded to the symbol's grid first, then approved or rejected by a named rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import ClassVar

import pytest

from domain.daily_loss import day_start_equity
from domain.events import RiskGuardRejected
from domain.projections.rows import PnlDay
from domain.risk import (
    UNRESOLVED_ORDER,
    AccountView,
    Approved,
    ProposedOrder,
    Rejected,
    RiskLimits,
    check_order,
)
from domain.values import Side
from tests.harness.builders import RULES, Num, dec

LIMITS = RiskLimits(max_risk_per_trade=Decimal("0.02"), daily_loss_limit=Decimal("0.05"))
TODAY = date(2026, 1, 5)


def account(
    *,
    equity: Num = "1000",
    day_start: Num = "1000",
    realized: Num = "0",
    fees: Num = "0",
    funding: Num = "0",
    unrealized: Num = "0",
    position: Num = "0",
    unresolved: Num = "0",
) -> AccountView:
    today = PnlDay(TODAY, dec(realized), dec(fees), dec(funding))
    return AccountView(dec(equity), dec(day_start), today, dec(unrealized), dec(position), dec(unresolved))


def order(
    side: Side = Side.BUY,
    qty: Num = "100",
    entry: Num = "0.5",
    stop: Num | None = "0.45",
    *,
    reduce_only: bool = False,
    market: bool = False,
) -> ProposedOrder:
    return ProposedOrder(side, dec(qty), dec(entry), None if stop is None else dec(stop), reduce_only, market)


def check(proposed: ProposedOrder, view: AccountView | None = None, rules=RULES) -> Approved | Rejected:
    return check_order(proposed, rules, view or account(), LIMITS)


def rejection(verdict: Approved | Rejected) -> RiskGuardRejected:
    assert isinstance(verdict, Rejected), verdict
    return verdict.payload


class TestApproval:
    def test_an_order_within_every_limit_is_approved_rounded_to_the_grid(self) -> None:
        verdict = check(order(qty="100.05", entry="0.50004", stop="0.45"))

        assert verdict == Approved(order(qty="100.0", entry="0.5000", stop="0.4500"), Decimal("5.0000"), True)

    def test_a_market_order_is_rounded_to_the_market_step(self) -> None:
        rules = replace(RULES, market_step_size=Decimal("1"))

        verdict = check(order(qty="10.5", market=True), rules=rules)

        assert isinstance(verdict, Approved)
        assert verdict.order.quantity == Decimal("10")

    def test_a_limit_order_keeps_the_regular_step(self) -> None:
        rules = replace(RULES, market_step_size=Decimal("1"))

        verdict = check(order(qty="10.5"), rules=rules)

        assert verdict.order.quantity == Decimal("10.5")


class TestMaxRiskPerTrade:
    def test_risk_exactly_at_the_limit_is_allowed(self) -> None:
        verdict = check(order(qty="200", entry="0.5", stop="0.4"))

        assert isinstance(verdict, Approved)
        assert verdict.risk == Decimal("20.0")

    def test_risk_one_step_over_the_limit_is_rejected_with_its_numbers(self) -> None:
        payload = rejection(check(order(qty="200.1", entry="0.5", stop="0.4")))

        assert payload.rule == "max_risk_per_trade"
        assert (payload.value, payload.limit, payload.equity) == (Decimal("20.01"), Decimal("20"), Decimal("1000"))
        assert payload.command_id is None
        assert "|0.5000 - 0.4000| x 200.1 = 20.01000" in payload.reason
        assert "0.02 x equity 1000 = 20.00" in payload.reason

    def test_the_quantity_is_rounded_down_before_risk_is_measured(self) -> None:
        verdict = check(order(qty="200.09", entry="0.5", stop="0.4"))

        assert isinstance(verdict, Approved)
        assert verdict.order.quantity == Decimal("200.0")

    def test_a_stop_is_rounded_away_from_the_entry_so_risk_is_never_understated(self) -> None:
        payload = rejection(check(order(qty="200", entry="0.5", stop="0.39999")))

        assert payload.value == Decimal("20.0200")
        assert "|0.5000 - 0.3999|" in payload.reason

    def test_a_short_entry_risks_the_distance_up_to_its_stop(self) -> None:
        verdict = check(order(Side.SELL, qty="200", entry="0.5", stop="0.6"))

        assert isinstance(verdict, Approved)
        assert verdict.risk == Decimal("20.0")


class TestExchangeFilters:
    def test_a_quantity_that_rounds_down_to_zero_is_below_the_minimum(self) -> None:
        payload = rejection(check(order(qty="0.05")))

        assert (payload.rule, payload.value, payload.limit) == ("min_quantity", Decimal("0"), Decimal("0.1"))
        assert "below min_qty 0.1" in payload.reason

    def test_a_zero_quantity_is_below_the_minimum(self) -> None:
        assert rejection(check(order(qty="0"))).rule == "min_quantity"

    def test_a_quantity_above_the_maximum_is_rejected(self) -> None:
        payload = rejection(check(order(qty="2000000")))

        assert (payload.rule, payload.limit) == ("max_quantity", Decimal("1000000"))

    def test_a_notional_below_the_minimum_is_rejected(self) -> None:
        payload = rejection(check(order(qty="9.9", entry="0.5")))

        assert (payload.rule, payload.value, payload.limit) == ("min_notional", Decimal("4.95"), Decimal("5"))
        assert "9.9 x 0.5000 = 4.95000" in payload.reason

    def test_a_reduce_only_order_may_be_below_the_minimum_notional(self) -> None:
        verdict = check(order(Side.SELL, qty="9.9", stop=None, reduce_only=True), account(position="9.9"))

        assert isinstance(verdict, Approved)


class TestProtectiveStop:
    def test_an_entry_without_a_stop_is_rejected(self) -> None:
        payload = rejection(check(order(stop=None)))

        assert payload.rule == "protective_stop"
        assert "without a protective stop" in payload.reason

    @pytest.mark.parametrize(
        ("side", "stop", "wanted"),
        [(Side.BUY, "0.55", "below"), (Side.SELL, "0.45", "above"), (Side.BUY, "0.5", "below")],
    )
    def test_a_stop_on_the_wrong_side_of_the_entry_is_rejected(self, side: Side, stop: str, wanted: str) -> None:
        payload = rejection(check(order(side, entry="0.5", stop=stop)))

        assert payload.rule == "protective_stop"
        assert f"must be {wanted} the entry" in payload.reason

    def test_a_reduce_only_order_needs_no_stop(self) -> None:
        verdict = check(order(Side.SELL, qty="50", stop=None, reduce_only=True), account(position="50"))

        assert verdict == Approved(order(Side.SELL, qty="50.0", stop=None, reduce_only=True), Decimal("0"), False)

    def test_an_opposite_order_no_larger_than_the_position_needs_no_stop(self) -> None:
        assert isinstance(check(order(Side.BUY, qty="50", stop=None), account(position="-50")), Approved)

    def test_an_opposite_order_that_flips_the_position_needs_a_stop(self) -> None:
        assert rejection(check(order(Side.SELL, qty="60", stop=None), account(position="50"))).rule == "protective_stop"


class TestDailyLossLimit:
    LOSING_DAY: ClassVar[dict[str, str]] = {"realized": "-30", "fees": "10", "funding": "-5", "unrealized": "-5"}

    def test_reaching_the_daily_loss_blocks_new_exposure_with_its_numbers(self) -> None:
        payload = rejection(check(order(), account(**self.LOSING_DAY)))

        assert payload.rule == "daily_loss_limit"
        assert (payload.value, payload.limit) == (Decimal("50"), Decimal("50.00"))
        assert "realized -30 - fees 10 + funding -5 + unrealized -5" in payload.reason
        assert "0.05 x day-start equity 1000 = 50.00" in payload.reason

    def test_a_loss_just_short_of_the_limit_still_allows_entries(self) -> None:
        assert isinstance(check(order(), account(**{**self.LOSING_DAY, "unrealized": "-4.99"})), Approved)

    def test_a_reduce_only_order_is_allowed_while_blocked(self) -> None:
        view = account(**self.LOSING_DAY, position="100")

        assert isinstance(check(order(Side.SELL, stop=None, reduce_only=True), view), Approved)

    def test_an_opposite_order_no_larger_than_the_position_is_allowed_while_blocked(self) -> None:
        view = account(**self.LOSING_DAY, position="-100")

        assert isinstance(check(order(Side.BUY, qty="100", stop=None), view), Approved)

    def test_adding_to_the_position_is_blocked(self) -> None:
        view = account(**self.LOSING_DAY, position="100")

        assert rejection(check(order(Side.BUY), view)).rule == "daily_loss_limit"

    def test_the_block_is_reported_before_a_missing_stop(self) -> None:
        assert rejection(check(order(stop=None), account(**self.LOSING_DAY))).rule == "daily_loss_limit"

    def test_the_day_starts_from_the_wallet_minus_todays_net_pnl(self) -> None:
        today = PnlDay(TODAY, Decimal("-30"), Decimal("10"), Decimal("0"))

        assert day_start_equity(Decimal("960"), today) == Decimal("1000")


class TestBadInput:
    @pytest.mark.parametrize("value", [Decimal("0"), Decimal("-0.01"), Decimal("1.5"), 0.02])
    def test_a_limit_outside_zero_to_one_is_refused_by_name(self, value) -> None:
        with pytest.raises(ValueError, match="daily_loss_limit must be a Decimal fraction in"):
            RiskLimits(Decimal("0.02"), value)

    def test_a_negative_quantity_is_refused(self) -> None:
        with pytest.raises(ValueError, match="order quantity must be a finite Decimal ≥ 0"):
            order(qty="-1")

    def test_a_non_positive_entry_price_is_refused(self) -> None:
        with pytest.raises(ValueError, match="order entry price must be a positive finite Decimal"):
            order(entry="0")


class TestUnresolvedOrders:
    """ADR 0048: an entry whose outcome is unknown may already be held; it counts as worst-case exposure."""

    def test_a_new_entry_on_top_of_an_unresolved_one_in_the_same_direction_is_refused(self) -> None:
        payload = rejection(check(order(Side.BUY), account(unresolved="100")))

        assert payload.rule == UNRESOLVED_ORDER
        assert payload.value == Decimal("50.0000") and payload.limit == 0
        assert "unknown outcome" in payload.reason and "BUY" in payload.reason

    def test_an_entry_the_other_way_is_judged_as_exposing_even_where_the_position_alone_would_cover_it(self) -> None:
        # Long 100 and an unknown SELL 100: a SELL 100 may open a short, so it needs its stop
        payload = rejection(check(order(Side.SELL, stop=None), account(position="100", unresolved="-100")))

        assert payload.rule == UNRESOLVED_ORDER

    def test_a_reducing_order_passes_while_an_entry_is_unresolved(self) -> None:
        verdict = check(order(Side.SELL, stop=None, reduce_only=True), account(position="100", unresolved="100"))

        assert isinstance(verdict, Approved) and not verdict.adds_exposure

    def test_an_opposite_entry_on_a_flat_account_is_still_judged_by_the_other_rules(self) -> None:
        verdict = check(order(Side.SELL, entry="0.5", stop="0.55"), account(unresolved="100"))

        assert isinstance(verdict, Approved) and verdict.adds_exposure
