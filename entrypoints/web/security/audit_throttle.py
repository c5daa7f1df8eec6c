"""How many anonymous entries one client may add to the audit trail per minute: the bound on a flood of refusals.

An authenticated user's entries are always recorded (they are accountable and hold a credential); a client with
none could otherwise grow the append-only table with every junk request it sends.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

# Far above what a person or a misconfigured script causes; a scanner beyond it is summed up in one log line
ANONYMOUS_PER_CLIENT = 60
WINDOW = timedelta(minutes=1)
# A flood from this many addresses in one minute is throttled as a whole; memory stays bounded
MAX_CLIENTS = 10_000


class AnonymousThrottle:
    """A fixed window per client address, on the injected clock."""

    def __init__(
        self, limit: int = ANONYMOUS_PER_CLIENT, window: timedelta = WINDOW, max_clients: int = MAX_CLIENTS
    ) -> None:
        if limit < 1 or window <= timedelta(0):
            raise ValueError(f"an audit throttle needs limit >= 1 and a positive window, got {limit} per {window}")
        self.limit, self._window, self._max_clients = limit, window, max_clients
        self._lock = threading.Lock()
        self._started: datetime | None = None
        self._counts: dict[str, int] = {}

    def admit(self, client: str, now: datetime) -> bool | None:
        """True to record; None when this is the first one dropped for `client` in the window (say so once); else
        False."""
        with self._lock:
            if self._started is None or now - self._started >= self._window:
                self._started, self._counts = now, {}
            if client not in self._counts and len(self._counts) >= self._max_clients:
                return False
            seen = self._counts[client] = self._counts.get(client, 0) + 1
        if seen <= self.limit:
            return True
        return None if seen == self.limit + 1 else False
