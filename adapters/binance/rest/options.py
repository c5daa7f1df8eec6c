"""Tunables of the REST gateway, with Binance's defaults; the composition root fills them from settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from adapters.binance.rest.governor import GovernorLimits

MAX_RECV_WINDOW = timedelta(seconds=60)
MAX_PAGE = 1000


@dataclass(frozen=True)
class RestOptions:
    """recv_window: how stale a signed request may arrive (Binance: ≤ 60 s); request_timeout: seconds per request;
    resync_every: how often the server-time offset is measured again; lookup_window/lookup_interval: how long a
    "-2013 order does not exist" is re-asked before a lookup answers "not visible yet" (visibility lag; ADR 0048).
    """

    recv_window: timedelta = timedelta(seconds=5)
    request_timeout: float = 10.0
    resync_every: timedelta = timedelta(minutes=10)
    lookup_window: timedelta = timedelta(seconds=3)
    lookup_interval: timedelta = timedelta(milliseconds=500)
    page_size: int = MAX_PAGE
    limits: GovernorLimits = field(default_factory=GovernorLimits)

    def __post_init__(self) -> None:
        if not timedelta(0) < self.recv_window <= MAX_RECV_WINDOW:
            raise ValueError(f"recv_window must be within (0, 60 s], got {self.recv_window}")
        if self.request_timeout <= 0:
            raise ValueError(f"request_timeout must be positive seconds, got {self.request_timeout!r}")
        if self.resync_every <= timedelta(0):
            raise ValueError(f"resync_every must be positive, got {self.resync_every}")
        if self.lookup_window < timedelta(0) or self.lookup_interval <= timedelta(0):
            raise ValueError(
                f"lookup_window must be ≥ 0 and lookup_interval > 0, got "
                f"{self.lookup_window} and {self.lookup_interval}"
            )
        if not 1 <= self.page_size <= MAX_PAGE:
            raise ValueError(f"page_size must be 1..{MAX_PAGE} (Binance's maximum), got {self.page_size}")

    @property
    def recv_window_ms(self) -> int:
        return self.recv_window // timedelta(milliseconds=1)

    @property
    def lookup_attempts(self) -> int:
        """Queries made before absence counts as proven: the first one plus one per interval of the window."""
        return 1 + int(self.lookup_window / self.lookup_interval)
