"""The polling pace from the governor's reading: full, slowed in SLOW, held for the minute in STOP, LIMITED, BANNED."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from application.rate_pace import Pace, RatePace
from domain.events import RateLimitState
from tests.unit.application_loop.fakes import Reading

MINUTE_START = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return MINUTE_START + timedelta(seconds=seconds)


@pytest.mark.parametrize("state", [RateLimitState.NORMAL, RateLimitState.WARN])
def test_below_the_slow_line_polling_runs_at_full_pace(state: RateLimitState) -> None:
    assert RatePace(Reading(state)).pace(at(0)) is Pace.FULL


def test_without_a_reading_polling_runs_at_full_pace() -> None:
    assert RatePace(None).pace(at(0)) is Pace.FULL


def test_slow_slows_polling_down() -> None:
    assert RatePace(Reading(RateLimitState.SLOW, 2100)).pace(at(0)) is Pace.SLOWED


@pytest.mark.parametrize("state", [RateLimitState.STOP, RateLimitState.LIMITED, RateLimitState.BANNED])
def test_a_stopping_state_holds_polling_for_the_rest_of_the_minute(state: RateLimitState) -> None:
    pace = RatePace(Reading(state))

    assert [pace.pace(at(s)) for s in (10, 30, 59.9)] == [Pace.HELD] * 3


def test_the_first_cycle_of_the_next_minute_polls_once_so_the_governor_can_read_its_state_again() -> None:
    pace = RatePace(Reading(RateLimitState.STOP, 2350))
    pace.pace(at(10))

    assert [pace.pace(at(s)) for s in (60, 60.05, 119)] == [Pace.FULL, Pace.HELD, Pace.HELD]


def test_a_reading_that_drops_below_stop_lets_polling_go_on_at_once() -> None:
    reading = Reading(RateLimitState.STOP, 2350)
    pace = RatePace(reading)
    pace.pace(at(10))

    reading.state = RateLimitState.SLOW

    assert pace.pace(at(11)) is Pace.SLOWED


def test_a_stop_after_polling_resumed_holds_again_for_its_own_minute() -> None:
    reading = Reading(RateLimitState.STOP, 2350)
    pace = RatePace(reading)
    pace.pace(at(10))
    reading.state = RateLimitState.NORMAL
    pace.pace(at(20))

    reading.state = RateLimitState.STOP

    assert [pace.pace(at(s)) for s in (30, 59)] == [Pace.HELD, Pace.HELD]
