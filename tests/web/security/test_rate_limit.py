"""Login rate limit: 5 attempts per client per minute, then 429 JSON with Retry-After, on the injected clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory.clock import ManualClock
from entrypoints.web.security.rate_limit import SlidingWindowLimiter
from tests.web.security.conftest import Site

pytestmark = pytest.mark.anyio


def client(address: str) -> dict[str, object]:
    return {"scope_base": {"client": (address, 50000)}}


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


def test_a_refused_hit_is_not_counted() -> None:
    clock = ManualClock()
    limiter = SlidingWindowLimiter(2, timedelta(seconds=60), clock)

    results = [limiter.hit("a") for _ in range(4)]
    clock.advance(60)

    assert results == [None, None, 60, 60]
    assert limiter.hit("a") is None


def test_a_limit_needs_a_positive_count_and_window() -> None:
    with pytest.raises(ValueError, match="rate limit"):
        SlidingWindowLimiter(0, timedelta(seconds=60), ManualClock())
    with pytest.raises(ValueError, match="rate limit"):
        SlidingWindowLimiter(5, timedelta(0), ManualClock())
