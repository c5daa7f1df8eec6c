"""The server ping interval: Binance's 3 minutes, shortened by the clock's acceleration, never below a second."""

from __future__ import annotations

import pytest

from adapters.simulator.server.ws.pings import ping_interval


@pytest.mark.parametrize(("factor", "seconds"), [(1.0, 180.0), (60.0, 3.0), (1000.0, 1.0), (0.0, 180.0)])
def test_the_ping_interval_follows_the_clock_factor(factor: float, seconds: float) -> None:
    assert ping_interval(factor) == seconds
