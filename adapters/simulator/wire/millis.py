"""Server time in Binance epoch milliseconds, read from an injected Clock."""

from __future__ import annotations

from domain.times import epoch_ms
from ports.clock import Clock


def server_time_ms(clock: Clock) -> int:
    """The simulator's serverTime: what `GET /fapi/v1/time` reports and the timestamp checks compare against."""
    return epoch_ms(clock.now())
