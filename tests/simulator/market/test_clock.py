"""The simulated clock: real elapsed time × factor from a start instant, or manual; aware UTC, never backwards."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from adapters.simulator.market.clock import SimulatedClock
from ports.clock import Clock
from tests.simulator.market.builders import T0


class RealTime:
    """A stand-in for time.monotonic that moves only when the test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def test_it_is_a_clock_port() -> None:
    assert isinstance(SimulatedClock.manual(T0), Clock)


def test_real_seconds_times_the_factor_become_simulated_seconds() -> None:
    real = RealTime()
    clock = SimulatedClock(T0, factor=60, real=real)

    real.now += 2.5

    assert clock.now() == T0 + timedelta(minutes=2, seconds=30)


def test_a_factor_of_one_runs_at_real_speed() -> None:
    real = RealTime()
    clock = SimulatedClock(T0, real=real)

    real.now += 0.75

    assert clock.now() == T0 + timedelta(milliseconds=750)


def test_a_decimal_factor_is_accepted() -> None:
    real = RealTime()
    clock = SimulatedClock(T0, factor=Decimal("0.5"), real=real)

    real.now += 10

    assert clock.now() == T0 + timedelta(seconds=5)


def test_changing_the_factor_keeps_the_time_already_elapsed() -> None:
    real = RealTime()
    clock = SimulatedClock(T0, factor=10, real=real)
    real.now += 1

    clock.set_factor(100)
    real.now += 1

    assert clock.now() == T0 + timedelta(seconds=110)


def test_a_factor_of_zero_pauses_the_clock() -> None:
    real = RealTime()
    clock = SimulatedClock(T0, factor=10, real=real)
    real.now += 1
    clock.set_factor(0)

    real.now += 50

    assert clock.now() == T0 + timedelta(seconds=10)


def test_an_accelerated_clock_can_jump_forward() -> None:
    real = RealTime()
    clock = SimulatedClock(T0, factor=2, real=real)
    real.now += 1

    clock.advance(timedelta(hours=8))
    real.now += 1

    assert clock.now() == T0 + timedelta(hours=8, seconds=4)


def test_a_manual_clock_moves_only_when_advanced() -> None:
    clock = SimulatedClock.manual(T0)

    before = clock.now()
    after = clock.advance(1.5)

    assert (before, after, clock.now()) == (T0, T0 + timedelta(seconds=1.5), T0 + timedelta(seconds=1.5))
    assert clock.is_manual


def test_the_clock_never_goes_backwards_when_real_time_does() -> None:
    real = RealTime()
    clock = SimulatedClock(T0, factor=10, real=real)
    real.now += 1
    first = clock.now()

    real.now -= 5

    assert clock.now() == first


def test_readings_are_aware_utc_even_from_another_offset() -> None:
    tokyo = timezone(timedelta(hours=9))

    now = SimulatedClock.manual(datetime(2026, 3, 2, 9, 0, tzinfo=tokyo)).now()

    assert (now, now.utcoffset()) == (T0, timedelta(0))


def test_a_naive_start_is_refused() -> None:
    with pytest.raises(ValueError, match="aware start time"):
        SimulatedClock.manual(datetime(2026, 1, 1))


def test_a_negative_factor_is_refused() -> None:
    with pytest.raises(ValueError, match="factor must be ≥ 0"):
        SimulatedClock(T0, factor=-1, real=RealTime())


def test_moving_back_is_refused() -> None:
    with pytest.raises(ValueError, match="never goes backwards"):
        SimulatedClock.manual(T0).advance(-1)
