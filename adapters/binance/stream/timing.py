"""Every time limit of a stream connection in one place, injectable so tests run in milliseconds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

# Binance cuts every connection at 24 h; reconnecting an hour early keeps the cut under our control
MAX_CONNECTION_AGE = timedelta(hours=23)


@dataclass(frozen=True)
class StreamTiming:
    """Clock-based limits (timedelta, read from the injected Clock) and socket timeouts (float seconds, real time).

    tick: how often, in real seconds, the reader wakes without a frame to check the clock-based limits.
    silence_after: no data frame for this long → a "silent" signal (once per silent spell).
    reconnect_after_silence: no data frame for this long → reopen the connection (None: never for silence alone).
    max_connection_age: reopen before the server's 24-h cut.
    stable_after: a session that lived this long resets the backoff.
    ping_interval / ping_timeout: our own WebSocket pings; a missing pong closes a stalled socket.
    """

    tick: float = 1.0
    silence_after: timedelta = timedelta(seconds=60)
    reconnect_after_silence: timedelta | None = timedelta(minutes=15)
    max_connection_age: timedelta = MAX_CONNECTION_AGE
    stable_after: timedelta = timedelta(seconds=60)
    open_timeout: float = 10.0
    ping_interval: float = 30.0
    ping_timeout: float = 30.0
    close_timeout: float = 5.0

    def __post_init__(self) -> None:
        for name in ("tick", "open_timeout", "ping_interval", "ping_timeout", "close_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError(f"stream timing {name} must be positive seconds (got {getattr(self, name)})")
        for name in ("silence_after", "max_connection_age", "stable_after"):
            if getattr(self, name) <= timedelta(0):
                raise ValueError(f"stream timing {name} must be a positive duration (got {getattr(self, name)})")
        if self.reconnect_after_silence is not None and self.reconnect_after_silence < self.silence_after:
            raise ValueError(
                "stream timing reconnect_after_silence must not be shorter than silence_after "
                f"({self.reconnect_after_silence} < {self.silence_after})"
            )


# Market streams push every few seconds, so a short silence already means a stalled connection
MARKET_TIMING = StreamTiming(silence_after=timedelta(seconds=30), reconnect_after_silence=timedelta(seconds=60))
