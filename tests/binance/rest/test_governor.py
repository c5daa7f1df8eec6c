"""The rate-limit governor as a state machine, fed response headers and refusals on a manual clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.binance.rest.governor import GovernorLimits, RateGovernor
from adapters.memory.clock import ManualClock
from domain.events import RateLimitChanged, RateLimitState, decode_payload, encode_payload
from ports.errors import RateLimited
from tests.binance.rest.support import Sleeps

pytestmark = pytest.mark.anyio

START = datetime(2026, 1, 1, 0, 0, 10, tzinfo=UTC)


class Bench:
    def __init__(self, limits: GovernorLimits | None = None) -> None:
        self.clock = ManualClock(START)
        self.sleeps = Sleeps(self.clock)
        self.changes: list[RateLimitChanged] = []
        self.governor = RateGovernor(self.clock, limits, self.changes.append, self.sleeps)

    def weight(self, used: int, **orders: str) -> None:
        self.governor.observe({"X-MBX-USED-WEIGHT-1M": str(used), **orders})

    @property
    def states(self) -> list[RateLimitState]:
        return [change.state for change in self.changes]


@pytest.fixture
def bench() -> Bench:
    return Bench()


@pytest.mark.parametrize(
    ("used", "state"),
    [
        (0, RateLimitState.NORMAL),
        (1499, RateLimitState.NORMAL),
        (1500, RateLimitState.WARN),
        (1999, RateLimitState.WARN),
        (2000, RateLimitState.SLOW),
        (2300, RateLimitState.SLOW),
        (2301, RateLimitState.STOP),
    ],
)
def test_the_used_weight_picks_the_state_of_prd_4_11(bench: Bench, used: int, state: RateLimitState) -> None:
    bench.weight(used)
    assert bench.governor.state is state


def test_each_state_change_is_reported_once_with_its_counters(bench: Bench) -> None:
    bench.weight(100)
    bench.weight(1600, **{"x-mbx-order-count-10s": "3", "x-mbx-order-count-1m": "9"})
    bench.weight(1700)
    bench.weight(2100)
    assert bench.states == [RateLimitState.WARN, RateLimitState.SLOW]
    first = bench.changes[0]
    assert (first.previous, first.used_weight, first.order_count_10s, first.order_count_1m) == (
        RateLimitState.NORMAL,
        1600,
        3,
        9,
    )


def test_a_change_round_trips_through_the_event_codec(bench: Bench) -> None:
    bench.weight(2400)
    change = bench.changes[0]
    assert decode_payload(change.TYPE, encode_payload(change)) == change


async def test_essential_requests_never_wait_for_the_weight_states(bench: Bench) -> None:
    bench.weight(2350)
    await bench.governor.admit(essential=True)
    assert bench.sleeps.waits == []


async def test_polling_is_slowed_in_the_slow_state(bench: Bench) -> None:
    bench.weight(2100)
    await bench.governor.admit(essential=False)
    assert bench.sleeps.waits == [1.0]


async def test_polling_waits_for_the_next_minute_in_the_stop_state_which_ends_it(bench: Bench) -> None:
    bench.weight(2350)
    await bench.governor.admit(essential=False)
    assert bench.sleeps.waits == [50.0]
    assert bench.governor.state is RateLimitState.NORMAL
    assert bench.states == [RateLimitState.STOP, RateLimitState.NORMAL]


async def test_a_new_minute_forgets_the_weight_of_the_last(bench: Bench) -> None:
    bench.weight(1800)
    bench.clock.advance(60)
    await bench.governor.admit(essential=False)
    assert bench.governor.state is RateLimitState.NORMAL and bench.governor.used_weight == 0


async def test_a_429_refuses_polling_until_retry_after(bench: Bench) -> None:
    error = bench.governor.refuse(429, {"Retry-After": "7"})
    assert (error.until, error.banned) == (START + timedelta(seconds=7), False)
    with pytest.raises(RateLimited) as refused:
        await bench.governor.admit(essential=False)
    assert refused.value.until == START + timedelta(seconds=7)
    assert bench.sleeps.waits == []


async def test_orders_wait_out_a_short_429_pause_and_go(bench: Bench) -> None:
    bench.governor.refuse(429, {"Retry-After": "7"})
    await bench.governor.admit(essential=True)
    assert bench.sleeps.waits == [7.0]
    assert bench.states == [RateLimitState.LIMITED, RateLimitState.NORMAL]


async def test_orders_are_refused_rather_than_held_past_the_longest_wait() -> None:
    bench = Bench(GovernorLimits(max_essential_wait=timedelta(seconds=5)))
    bench.governor.refuse(429, {"Retry-After": "30"})
    with pytest.raises(RateLimited):
        await bench.governor.admit(essential=True)
    assert bench.sleeps.waits == []


async def test_a_418_ban_refuses_every_request_until_it_ends(bench: Bench) -> None:
    bench.governor.refuse(418, {"Retry-After": "120"})
    for essential in (True, False):
        with pytest.raises(RateLimited) as refused:
            await bench.governor.admit(essential=essential)
        assert refused.value.banned and refused.value.until == START + timedelta(seconds=120)
    bench.clock.advance(120)
    await bench.governor.admit(essential=False)
    assert bench.states == [RateLimitState.BANNED, RateLimitState.NORMAL]


def test_a_missing_retry_after_holds_back_for_the_default(bench: Bench) -> None:
    error = bench.governor.refuse(429, {})
    assert error.until == START + timedelta(seconds=60)


def test_headers_are_read_whatever_their_case_and_garbage_is_ignored(bench: Bench) -> None:
    bench.governor.observe({"x-mbx-used-weight-1m": "1600"})
    bench.governor.observe({"X-MBX-USED-WEIGHT-1M": "lots"})
    assert bench.governor.used_weight == 1600


def test_a_failing_listener_does_not_stop_the_governor() -> None:
    def broken(change: RateLimitChanged) -> None:
        raise RuntimeError("store down")

    governor = RateGovernor(ManualClock(START), listener=broken)
    governor.observe({"X-MBX-USED-WEIGHT-1M": "2000"})
    assert governor.state is RateLimitState.SLOW


def test_thresholds_out_of_order_are_refused() -> None:
    with pytest.raises(ValueError, match="thresholds must rise"):
        GovernorLimits(warn_at=2000, slow_at=1500)
