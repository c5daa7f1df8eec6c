"""Funding: real 8-hour marks or an accelerated interval, small seeded rates, the settlements due between instants."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from adapters.simulator.market.funding import FundingSchedule, FundingSettlement
from domain.times import epoch_ms, from_epoch_ms
from tests.simulator.market.builders import T0


def mark_price(moment_ms: int) -> Decimal:
    return Decimal("0.5000") + Decimal(moment_ms % 7) / 10_000


def test_real_funding_falls_on_00_08_and_16_utc() -> None:
    schedule = FundingSchedule(seed=1)

    times = schedule.times_between(epoch_ms(T0) - 1, epoch_ms(T0 + timedelta(days=1)))

    assert [from_epoch_ms(t).strftime("%d %H:%M:%S.%f") for t in times] == [
        "02 00:00:00.000000",
        "02 08:00:00.000000",
        "02 16:00:00.000000",
        "03 00:00:00.000000",
    ]


def test_next_funding_time_is_strictly_after_now() -> None:
    schedule = FundingSchedule(seed=1)
    eight = epoch_ms(T0 + timedelta(hours=8))

    assert schedule.next_time_ms(eight - 1) == eight
    assert schedule.next_time_ms(eight) == eight + 8 * 3_600_000


def test_accelerated_funding_runs_every_n_simulated_seconds_from_the_start() -> None:
    start = T0 + timedelta(seconds=17)
    schedule = FundingSchedule.accelerated(seed=1, every=timedelta(seconds=90), start=start)

    times = schedule.times_between(epoch_ms(start), epoch_ms(start + timedelta(minutes=5)))

    assert [from_epoch_ms(t) - start for t in times] == [timedelta(seconds=s) for s in (90, 180, 270)]


def test_rates_are_small_seeded_and_carry_eight_decimals() -> None:
    schedule = FundingSchedule(seed=5)
    instants = schedule.times_between(epoch_ms(T0), epoch_ms(T0 + timedelta(days=60)))

    rates = [schedule.rate_at(moment) for moment in instants]

    assert all(abs(rate) <= Decimal("0.0001") for rate in rates)
    assert all(rate == rate.quantize(Decimal("0.00000001")) for rate in rates)
    assert any(rate > 0 for rate in rates) and any(rate < 0 for rate in rates)
    assert rates == [FundingSchedule(seed=5).rate_at(moment) for moment in instants]
    assert rates != [FundingSchedule(seed=6).rate_at(moment) for moment in instants]


def test_the_rate_centre_and_spread_are_configurable() -> None:
    schedule = FundingSchedule(seed=5, centre=Decimal("0.0001"), spread=Decimal(0))

    assert schedule.rate_at(epoch_ms(T0)) == Decimal("0.0001")


def test_settlements_are_due_after_the_previous_instant_up_to_and_including_the_current() -> None:
    schedule = FundingSchedule(seed=2)
    eight = T0 + timedelta(hours=8)

    due = schedule.settlements_between(T0, eight, mark_price)

    assert due == [FundingSettlement(eight, schedule.rate_at(epoch_ms(eight)), mark_price(epoch_ms(eight)))]
    assert schedule.settlements_between(eight, eight + timedelta(hours=7, minutes=59), mark_price) == []


def test_a_long_jump_settles_every_interval_it_crosses_in_order() -> None:
    schedule = FundingSchedule.accelerated(seed=2, every=timedelta(minutes=1), start=T0)

    due = schedule.settlements_between(T0, T0 + timedelta(minutes=10, seconds=30), mark_price)

    assert [s.time for s in due] == [T0 + timedelta(minutes=m) for m in range(1, 11)]


def test_asking_the_rate_of_a_non_funding_instant_is_an_error() -> None:
    with pytest.raises(ValueError, match="is not a funding instant"):
        FundingSchedule(seed=1).rate_at(epoch_ms(T0) + 1)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"interval": timedelta(0)}, "positive whole number of milliseconds"),
        ({"interval": timedelta(microseconds=1500)}, "positive whole number of milliseconds"),
        ({"spread": Decimal("0.000000001")}, "multiples of"),
        ({"spread": Decimal("-0.0001")}, "spread ≥ 0"),
    ],
)
def test_a_malformed_schedule_is_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FundingSchedule(1, **options)  # type: ignore[arg-type]


def test_funding_instants_do_not_depend_on_the_callers_time_zone() -> None:
    tokyo = timezone(timedelta(hours=9))
    schedule = FundingSchedule(seed=1)

    due = schedule.settlements_between(datetime(2026, 3, 2, 16, 59, tzinfo=tokyo), T0 + timedelta(hours=8), mark_price)

    assert [s.time for s in due] == [T0 + timedelta(hours=8)]
