"""Rate limits on simulated time: fixed windows, the headers, 429 with Retry-After, then the escalating 418 ban."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.clock import ManualClock
from adapters.simulator import errors
from adapters.simulator.wire.rate_limits import (
    ORDER_COUNT_1M_HEADER,
    ORDER_COUNT_10S_HEADER,
    USED_WEIGHT_HEADER,
    Admission,
    Limits,
    RateLimiter,
)
from adapters.simulator.wire.weights import Cost
from domain.times import epoch_ms
from tests.harness.binance_fixtures import load_fixture

START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # on a minute boundary
IP, OTHER_IP = "10.0.0.1", "10.0.0.2"
ACCOUNT = "SimKey"
ORDER = Cost(0, orders_10s=1, orders_1m=1)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def limiter(clock: ManualClock) -> RateLimiter:
    return RateLimiter(clock)


def spend(limiter: RateLimiter, weight: int, ip: str = IP) -> Admission:
    return limiter.admit(ip, None, Cost(weight))


def exceed(limiter: RateLimiter, ip: str = IP) -> Admission:
    spend(limiter, 2400, ip)
    return spend(limiter, 1, ip)


class TestWeight:
    def test_the_used_weight_header_has_the_fixtures_name_and_counts_this_minute(self, limiter: RateLimiter) -> None:
        header_names = load_fixture("http_headers_exchange_info_2020.json").keys()
        spend(limiter, 1)

        admission = spend(limiter, 5)

        assert USED_WEIGHT_HEADER in header_names
        assert admission.admitted and admission.status == 200
        assert admission.headers == {USED_WEIGHT_HEADER: "6"}

    def test_the_weight_window_is_the_clock_minute_not_a_rolling_minute(
        self, limiter: RateLimiter, clock: ManualClock
    ) -> None:
        clock.advance(timedelta(seconds=59, milliseconds=999))
        spend(limiter, 100)
        clock.advance(timedelta(milliseconds=1))

        assert spend(limiter, 1).headers[USED_WEIGHT_HEADER] == "1"

    def test_weight_is_counted_per_ip(self, limiter: RateLimiter) -> None:
        spend(limiter, 10, IP)

        assert spend(limiter, 1, OTHER_IP).headers[USED_WEIGHT_HEADER] == "1"
        assert limiter.used_weight(IP) == 10

    def test_reaching_exactly_the_limit_is_allowed(self, limiter: RateLimiter) -> None:
        assert spend(limiter, 2400).admitted

    def test_crossing_the_limit_gets_429_with_1003_and_retry_after_to_the_minute_end(
        self, limiter: RateLimiter, clock: ManualClock
    ) -> None:
        spend(limiter, 2000)
        clock.advance(timedelta(seconds=20, milliseconds=500))

        refused = spend(limiter, 401)

        assert refused.status == 429
        assert refused.error == errors.too_many_requests(IP, 2400)
        assert refused.headers == {USED_WEIGHT_HEADER: "2401", "Retry-After": "40"}

    def test_after_the_minute_ends_requests_pass_again(self, limiter: RateLimiter, clock: ManualClock) -> None:
        refused = exceed(limiter)
        clock.advance(timedelta(seconds=int(refused.headers["Retry-After"])))

        assert spend(limiter, 1).admitted


class TestBan:
    def test_a_request_sent_while_limited_gets_418_and_a_two_minute_ban(
        self, limiter: RateLimiter, clock: ManualClock
    ) -> None:
        exceed(limiter)
        clock.advance(timedelta(seconds=1))

        banned = spend(limiter, 1)

        until = epoch_ms(clock.now()) + 120_000
        assert banned.status == 418
        assert banned.error == errors.ip_banned(IP, until)
        assert banned.headers["Retry-After"] == "120"

    def test_requests_during_a_ban_get_418_counting_down_without_extending_it(
        self, limiter: RateLimiter, clock: ManualClock
    ) -> None:
        exceed(limiter)
        spend(limiter, 1)
        clock.advance(timedelta(seconds=100))

        still_banned = spend(limiter, 1)
        clock.advance(timedelta(seconds=20))

        assert (still_banned.status, still_banned.headers["Retry-After"]) == (418, "20")
        assert spend(limiter, 1).admitted

    def test_each_new_ban_of_an_ip_doubles(self, limiter: RateLimiter, clock: ManualClock) -> None:
        durations = []
        for _ in range(3):
            exceed(limiter)
            durations.append(int(spend(limiter, 1).headers["Retry-After"]))
            clock.advance(timedelta(seconds=durations[-1]))

        assert durations == [120, 240, 480]

    def test_bans_are_capped_at_three_days(self, limiter: RateLimiter, clock: ManualClock) -> None:
        for _ in range(12):
            until = limiter.ban(IP)
            clock.advance(timedelta(milliseconds=until - epoch_ms(clock.now())))

        until = limiter.ban(IP)

        assert until - epoch_ms(clock.now()) == 3 * 24 * 3600 * 1000

    def test_a_ban_of_one_ip_does_not_touch_another(self, limiter: RateLimiter) -> None:
        limiter.ban(IP)

        assert spend(limiter, 1, OTHER_IP).admitted
        assert spend(limiter, 1, IP).status == 418

    def test_a_ban_can_be_set_by_hand_for_a_given_duration(self, limiter: RateLimiter) -> None:
        limiter.ban(IP, timedelta(seconds=30))

        assert spend(limiter, 1).headers["Retry-After"] == "30"

    def test_a_ban_needs_a_positive_duration(self, limiter: RateLimiter) -> None:
        with pytest.raises(ValueError, match="positive duration"):
            limiter.ban(IP, timedelta(0))

    def test_reset_forgets_counters_bans_and_escalation(self, limiter: RateLimiter) -> None:
        limiter.ban(IP)
        spend(limiter, 50, OTHER_IP)

        limiter.reset()

        assert spend(limiter, 1).admitted
        assert limiter.used_weight(OTHER_IP) == 0
        assert limiter.ban(IP) - epoch_ms(START) == 120_000

    def test_the_ban_schedule_follows_the_configured_limits(self, clock: ManualClock) -> None:
        limiter = RateLimiter(clock, Limits(weight_per_minute=10, first_ban=timedelta(seconds=5)))
        spend(limiter, 11)

        assert spend(limiter, 1).headers["Retry-After"] == "5"


class TestOrders:
    def test_order_responses_carry_both_order_count_headers(self, limiter: RateLimiter) -> None:
        limiter.admit(IP, ACCOUNT, ORDER)

        admission = limiter.admit(IP, ACCOUNT, ORDER)

        assert admission.headers == {USED_WEIGHT_HEADER: "0", ORDER_COUNT_10S_HEADER: "2", ORDER_COUNT_1M_HEADER: "2"}

    def test_non_order_responses_carry_only_the_weight_header(self, limiter: RateLimiter) -> None:
        limiter.admit(IP, ACCOUNT, ORDER)

        assert limiter.admit(IP, ACCOUNT, Cost(5)).headers == {USED_WEIGHT_HEADER: "5"}

    def test_the_10_second_counter_restarts_on_its_own_boundary(self, limiter: RateLimiter, clock: ManualClock) -> None:
        limiter.admit(IP, ACCOUNT, ORDER)
        clock.advance(timedelta(seconds=10))

        headers = limiter.admit(IP, ACCOUNT, ORDER).headers

        assert (headers[ORDER_COUNT_10S_HEADER], headers[ORDER_COUNT_1M_HEADER]) == ("1", "2")

    def test_the_301st_order_in_ten_seconds_gets_429_with_1015(self, limiter: RateLimiter, clock: ManualClock) -> None:
        for _ in range(300):
            assert limiter.admit(IP, ACCOUNT, ORDER).admitted
        clock.advance(timedelta(seconds=3, milliseconds=200))

        refused = limiter.admit(IP, ACCOUNT, ORDER)

        assert refused.error == errors.too_many_orders(300, "10 SECOND")
        assert refused.headers["Retry-After"] == "7"
        assert refused.headers[ORDER_COUNT_10S_HEADER] == "301"

    def test_the_1201st_order_in_a_minute_gets_429_with_1015(self, limiter: RateLimiter, clock: ManualClock) -> None:
        for _ in range(4):
            for _ in range(300):
                limiter.admit(IP, ACCOUNT, ORDER)
            clock.advance(timedelta(seconds=10))

        refused = limiter.admit(IP, ACCOUNT, ORDER)

        assert refused.error == errors.too_many_orders(1200, "MINUTE")
        assert refused.headers["Retry-After"] == "20"

    def test_order_limits_never_ban_the_ip(self, limiter: RateLimiter) -> None:
        for _ in range(302):
            limiter.admit(IP, ACCOUNT, ORDER)

        assert limiter.admit(IP, ACCOUNT, Cost(1)).admitted

    def test_orders_are_counted_per_account(self, limiter: RateLimiter) -> None:
        limiter.admit(IP, ACCOUNT, ORDER)

        limiter.admit(IP, "OtherAccount", ORDER)

        assert limiter.order_counts(ACCOUNT) == (1, 1)
        assert limiter.order_counts("OtherAccount") == (1, 1)

    def test_a_batch_counts_five_on_the_10s_window_and_one_on_the_minute(self, limiter: RateLimiter) -> None:
        limiter.admit(IP, ACCOUNT, Cost(5, orders_10s=5, orders_1m=1))

        assert limiter.order_counts(ACCOUNT) == (5, 1)
        assert limiter.used_weight(IP) == 5
