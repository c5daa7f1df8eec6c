"""The bound on anonymous audit entries: per client per minute, said once when passed, memory capped in clients."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory.clock import DEFAULT_START
from entrypoints.web.security.audit_throttle import AnonymousThrottle


def test_a_client_is_admitted_up_to_the_limit_then_told_once_then_dropped_until_the_next_window() -> None:
    throttle = AnonymousThrottle(limit=2, window=timedelta(minutes=1))

    verdicts = [throttle.admit("10.0.0.1", DEFAULT_START) for _ in range(4)]

    assert verdicts == [True, True, None, False]
    assert throttle.admit("10.0.0.2", DEFAULT_START) is True
    assert throttle.admit("10.0.0.1", DEFAULT_START + timedelta(minutes=1)) is True


def test_past_the_client_cap_new_clients_are_dropped_in_that_window() -> None:
    throttle = AnonymousThrottle(limit=5, max_clients=2)

    assert [throttle.admit(f"10.0.0.{n}", DEFAULT_START) for n in range(3)] == [True, True, False]
    assert throttle.admit("10.0.0.0", DEFAULT_START) is True


def test_a_throttle_needs_a_positive_limit_and_window() -> None:
    with pytest.raises(ValueError, match="limit >= 1"):
        AnonymousThrottle(limit=0)
    with pytest.raises(ValueError, match="positive window"):
        AnonymousThrottle(window=timedelta(0))
