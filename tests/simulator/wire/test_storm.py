"""The 429-storm fault: forced 429s for N requests or for T seconds, without counting weight or banning."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.clock import ManualClock
from adapters.simulator import errors
from adapters.simulator.wire.rate_limits import USED_WEIGHT_HEADER, RateLimiter
from adapters.simulator.wire.storm import StormSwitch
from adapters.simulator.wire.weights import Cost

START = datetime(2026, 3, 1, 12, 0, 15, tzinfo=UTC)  # 15 s into a minute
IP = "10.0.0.1"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def limiter(clock: ManualClock) -> RateLimiter:
    return RateLimiter(clock)


def test_the_next_n_requests_get_429_then_requests_pass(limiter: RateLimiter) -> None:
    limiter.storm.force_next(2)

    statuses = [limiter.admit(IP, None, Cost(1)).status for _ in range(3)]

    assert statuses == [429, 429, 200]


def test_a_counted_storm_answers_like_the_weight_limit_with_retry_after_to_the_minute_end(limiter: RateLimiter) -> None:
    limiter.storm.force_next(1)

    refused = limiter.admit(IP, None, Cost(1))

    assert refused.error == errors.too_many_requests(IP, 2400)
    assert refused.headers == {USED_WEIGHT_HEADER: "0", "Retry-After": "45"}


def test_a_timed_storm_refuses_every_request_until_it_ends(limiter: RateLimiter, clock: ManualClock) -> None:
    limiter.storm.force_for(timedelta(seconds=30))
    first = limiter.admit(IP, None, Cost(1))
    clock.advance(timedelta(seconds=29, milliseconds=500))
    last = limiter.admit(IP, None, Cost(1))
    clock.advance(timedelta(milliseconds=500))

    after = limiter.admit(IP, None, Cost(1))

    assert (first.status, first.headers["Retry-After"]) == (429, "30")
    assert (last.status, last.headers["Retry-After"]) == (429, "1")
    assert after.admitted


def test_a_timed_storm_accepts_seconds_as_a_number(limiter: RateLimiter) -> None:
    limiter.storm.force_for(2.5)

    assert limiter.admit(IP, None, Cost(1)).headers["Retry-After"] == "3"


def test_forced_429s_count_no_weight_and_never_escalate_to_a_ban(limiter: RateLimiter) -> None:
    limiter.storm.force_next(5)
    for _ in range(5):
        limiter.admit(IP, None, Cost(10))

    admitted = limiter.admit(IP, None, Cost(1))

    assert admitted.admitted and admitted.headers[USED_WEIGHT_HEADER] == "1"


def test_clearing_the_storm_stops_it(limiter: RateLimiter) -> None:
    limiter.storm.force_next(10)
    limiter.storm.force_for(60)

    limiter.storm.clear()

    assert not limiter.storm.active
    assert limiter.admit(IP, None, Cost(1)).admitted


def test_the_storm_is_active_only_while_armed(clock: ManualClock) -> None:
    storm = StormSwitch(clock)
    storm.force_next(1)

    was_active = storm.active
    storm.take()

    assert was_active and not storm.active


@pytest.mark.parametrize("requests", [0, -1, True, 1.5])
def test_a_counted_storm_needs_a_positive_count(clock: ManualClock, requests: object) -> None:
    with pytest.raises(ValueError, match="positive request count"):
        StormSwitch(clock).force_next(requests)  # type: ignore[arg-type]


def test_a_timed_storm_needs_a_positive_duration(clock: ManualClock) -> None:
    with pytest.raises(ValueError, match="positive duration"):
        StormSwitch(clock).force_for(timedelta(0))


def test_arming_and_firing_the_storm_are_logged(clock: ManualClock, caplog: pytest.LogCaptureFixture) -> None:
    storm = StormSwitch(clock)
    caplog.set_level(logging.INFO, logger="adapters.simulator.wire.storm")

    storm.force_next(1)
    storm.take()

    assert [record.getMessage() for record in caplog.records] == [
        "fault armed: 429 storm for the next 1 requests",
        "fault: forced 429 (0 storm requests left)",
    ]
