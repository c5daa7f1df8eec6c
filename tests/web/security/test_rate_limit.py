"""Login limiting per real client and per user name tried, behind a trusted proxy too, on the injected clock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from adapters.memory.clock import ManualClock
from adapters.memory.login_attempts import InMemoryLoginAttempts
from entrypoints.web.security import SecuritySettings
from entrypoints.web.security.client import TrustedProxies
from entrypoints.web.security.rate_limit import Rule, SlidingWindowLimiter
from tests.web.security.conftest import FAST, Site

pytestmark = pytest.mark.anyio

PROXY = "127.0.0.1"


def client(address: str) -> dict[str, object]:
    return {"scope_base": {"client": (address, 50000)}}


def via_proxy(address: str, peer: str = PROXY) -> dict[str, Any]:
    """A request nginx forwards for `address`: its peer is the proxy, the client in X-Forwarded-For."""
    return {"scope_base": {"client": (peer, 50000)}, "headers": {"X-Forwarded-For": address}}


@pytest.fixture
def settings() -> SecuritySettings:
    return SecuritySettings(password_params=FAST, trusted_proxies=TrustedProxies.parse([PROXY]))


async def test_the_sixth_login_attempt_in_a_minute_is_429_with_retry_after(site: Site) -> None:
    for _ in range(5):
        assert (await site.login(password="wrong password", **client("10.0.0.1"))).status_code == 401

    response = await site.login(**client("10.0.0.1"))

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "60"
    assert "too many login attempts" in (await response.get_json())["error"]


async def test_good_logins_count_too(site: Site) -> None:
    for _ in range(5):
        assert (await site.login(**client("10.0.0.1"))).status_code == 200

    assert (await site.login(**client("10.0.0.1"))).status_code == 429


async def test_the_limit_is_per_client_address(site: Site) -> None:
    for _ in range(5):
        await site.login(password="wrong password", **client("10.0.0.1"))

    assert (await site.login(**client("10.0.0.2"))).status_code == 200


async def test_attempts_are_allowed_again_once_the_window_has_passed(site: Site) -> None:
    for _ in range(5):
        await site.login(password="wrong password", **client("10.0.0.1"))
        site.clock.advance(10)

    assert (await site.login(**client("10.0.0.1"))).headers["Retry-After"] == "10"
    site.clock.advance(10)
    assert (await site.login(**client("10.0.0.1"))).status_code == 200


class TestBehindTheTrustedProxy:
    async def test_a_guesser_behind_the_proxy_does_not_lock_out_another_client(self, site: Site) -> None:
        for _ in range(5):
            await site.login("bob", "wrong password", **via_proxy("198.51.100.66"))

        refused = await site.login(**via_proxy("198.51.100.66"))
        operator = await site.login(**via_proxy("203.0.113.10"))

        assert refused.status_code == 429
        assert operator.status_code == 200

    async def test_a_client_forging_x_forwarded_for_through_the_proxy_is_still_limited(self, site: Site) -> None:
        for n in range(5):
            forged = {"X-Forwarded-For": f"10.9.9.{n}, 198.51.100.66"}
            await site.login("bob", "wrong password", scope_base={"client": (PROXY, 1)}, headers=forged)

        response = await site.login(**via_proxy("10.9.9.9, 198.51.100.66"))

        assert response.status_code == 429

    async def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(self, site: Site) -> None:
        for n in range(5):
            await site.login("bob", "wrong password", **via_proxy(f"10.9.9.{n}", peer="198.51.100.66"))

        response = await site.login(**via_proxy("10.9.9.200", peer="198.51.100.66"))

        assert response.status_code == 429

    async def test_one_user_name_is_not_guessed_from_many_addresses(self, site: Site) -> None:
        for n in range(10):
            assert (await site.login(password="wrong password", **via_proxy(f"198.51.100.{n}"))).status_code == 401

        refused = await site.login(**via_proxy("203.0.113.10"))

        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "900"
        assert (await refused.get_json())["error"] == "too many login attempts; retry in 900 s"

    async def test_an_unknown_user_name_is_limited_the_same_way(self, site: Site) -> None:
        answers = [(await site.login("nobody", "wrong password", **via_proxy(f"198.51.100.{n}"))) for n in range(11)]

        assert [a.status_code for a in answers] == [401] * 10 + [429]
        assert answers[-1].headers["Retry-After"] == "900"

    async def test_a_good_login_does_not_count_against_its_account(self, site: Site) -> None:
        for n in range(12):
            assert (await site.login(**via_proxy(f"198.51.100.{n}"))).status_code == 200

    async def test_a_good_login_does_not_reset_another_clients_guesses(self, site: Site) -> None:
        for n in range(9):
            await site.login(password="wrong password", **via_proxy(f"198.51.100.{n}"))
        assert (await site.login(**via_proxy("203.0.113.10"))).status_code == 200

        last_guess = await site.login(password="wrong password", **via_proxy("198.51.100.50"))
        one_more = await site.login(password="wrong password", **via_proxy("198.51.100.51"))

        assert last_guess.status_code == 401
        assert one_more.status_code == 429

    async def test_a_locked_account_leaves_other_accounts_open(self, site: Site) -> None:
        for n in range(10):
            await site.login("bob", "wrong password", **via_proxy(f"198.51.100.{n}"))

        assert (await site.login("bob", **via_proxy("203.0.113.10"))).status_code == 429
        assert (await site.login(**via_proxy("203.0.113.10"))).status_code == 200


def test_a_refused_hit_is_not_counted() -> None:
    clock = ManualClock()
    rule = Rule("client", 2, timedelta(seconds=60))
    limiter = SlidingWindowLimiter(InMemoryLoginAttempts(), clock, (rule,))

    results = [limiter.hit(rule, "a").retry_after for _ in range(4)]
    clock.advance(60)

    assert results == [None, None, 60, 60]
    assert limiter.hit(rule, "a").retry_after is None


def test_the_limiter_prunes_the_store_to_its_longest_window() -> None:
    clock, attempts = ManualClock(), InMemoryLoginAttempts()
    short, long = Rule("client", 1, timedelta(seconds=60)), Rule("account", 1, timedelta(seconds=600))
    limiter = SlidingWindowLimiter(attempts, clock, (short, long))
    limiter.hit(long, "alice")
    ever = timedelta(days=1)

    clock.advance(599)
    limiter.hit(short, "10.0.0.1")
    kept = attempts.try_attempt("account:alice", clock.now(), 1, ever)
    clock.advance(60)
    limiter.hit(short, "10.0.0.2")
    gone = attempts.try_attempt("account:alice", clock.now(), 1, ever)

    assert kept is not None
    assert gone is None


def test_a_limit_needs_a_positive_count_and_window() -> None:
    with pytest.raises(ValueError, match="rate limit"):
        Rule("client", 0, timedelta(seconds=60))
    with pytest.raises(ValueError, match="rate limit"):
        Rule("client", 5, timedelta(0))
