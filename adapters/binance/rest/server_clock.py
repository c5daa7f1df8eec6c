"""The exchange's clock as seen from here: the local clock plus the offset measured against GET /fapi/v1/time."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.times import epoch_ms
from ports.clock import Clock


class ServerClock(Clock):
    """Signed requests are stamped with this clock so that a drifting local clock never trips -1021."""

    def __init__(self, local: Clock, resync_every: timedelta) -> None:
        self._local = local
        self._resync_every = resync_every
        self._offset = timedelta(0)
        self._synced_at: datetime | None = None
        self._last: datetime | None = None

    @property
    def local(self) -> Clock:
        return self._local

    @property
    def offset(self) -> timedelta:
        """Server time minus local time, as last measured."""
        return self._offset

    @property
    def due(self) -> bool:
        """True before the first measurement and once `resync_every` has passed since the last one."""
        return self._synced_at is None or self._local.now() - self._synced_at >= self._resync_every

    def now(self) -> datetime:
        reading = self._local.now() + self._offset
        # A new offset may be smaller than the last one; the port promises time never goes backwards
        if self._last is not None and reading < self._last:
            return self._last
        self._last = reading
        return reading

    def timestamp_ms(self) -> int:
        """The `timestamp` of a signed request: unclamped, so a corrected offset takes effect at once."""
        return epoch_ms(self._local.now() + self._offset)

    def record(self, server_time: datetime, sent_at: datetime, received_at: datetime) -> None:
        """Take the server's time as of the middle of the round trip that fetched it."""
        midpoint = sent_at + (received_at - sent_at) / 2
        self._offset = server_time - midpoint
        self._synced_at = received_at

    def expire(self) -> None:
        """Force a measurement before the next signed request (after a -1021)."""
        self._synced_at = None
