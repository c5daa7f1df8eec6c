"""PnL ledger: realized PnL, fees and funding kept apart per UTC day; net = realized − fees + funding."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from domain.projections import ledger
from domain.projections.rows import PnlDay
from tests.harness.builders import EventFactory, fold

MIDNIGHT = datetime(2026, 1, 6, tzinfo=UTC)


def test_fills_one_millisecond_apart_across_midnight_land_on_different_days() -> None:
    make = EventFactory()
    before = make.trade(1, realized_pnl="2", executed_at=MIDNIGHT - timedelta(milliseconds=1))
    after = make.trade(2, realized_pnl="3", executed_at=MIDNIGHT)

    days = fold([before, after]).pnl_days()

    assert [(d.day, d.realized_pnl) for d in days] == [
        (date(2026, 1, 5), Decimal("2")),
        (date(2026, 1, 6), Decimal("3")),
    ]


def test_a_time_with_another_offset_is_booked_on_its_utc_day() -> None:
    seoul = timezone(timedelta(hours=9))
    make = EventFactory()

    days = fold([make.trade(1, realized_pnl="1", executed_at=datetime(2026, 1, 6, 8, 59, tzinfo=seoul))]).pnl_days()

    assert days[0].day == date(2026, 1, 5)


def test_fees_and_funding_are_kept_apart_from_realized_pnl() -> None:
    make = EventFactory()

    day = fold(
        [
            make.trade(1, realized_pnl="10"),
            make.fee(1, amount="0.5"),
            make.funding(amount="-0.2"),
            make.funding(amount="0.05", funding_time=MIDNIGHT - timedelta(hours=4)),
        ]
    ).pnl_days()[0]

    assert (day.realized_pnl, day.fees, day.funding) == (Decimal("10"), Decimal("0.5"), Decimal("-0.15"))
    assert day.net == Decimal("9.35")


def test_a_fee_is_booked_on_the_day_it_was_charged() -> None:
    make = EventFactory()

    fill = make.trade(1, executed_at=MIDNIGHT - timedelta(seconds=1))

    days = fold([fill, make.fee(1, charged_at=MIDNIGHT)]).pnl_days()

    assert [(d.day, d.fees) for d in days] == [(date(2026, 1, 5), 0), (date(2026, 1, 6), Decimal("0.0002"))]


def test_the_total_sums_every_day_and_carries_the_latest_day() -> None:
    days = [
        PnlDay(date(2026, 1, 6), Decimal("1"), Decimal("0.1"), Decimal("0")),
        PnlDay(date(2026, 1, 5), Decimal("2"), Decimal("0.2"), Decimal("-0.3")),
    ]

    total = ledger.total(days)

    assert total == PnlDay(date(2026, 1, 6), Decimal("3"), Decimal("0.3"), Decimal("-0.3"))
    assert total.net == Decimal("2.4")


def test_the_total_of_no_days_is_zero() -> None:
    assert ledger.total([]) == PnlDay.empty(date.min)
