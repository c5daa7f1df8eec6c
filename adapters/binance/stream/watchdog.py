"""Per-connection watch: silence since the last data frame, and the connection's age against the 24-h cut."""

from __future__ import annotations

from datetime import datetime

from adapters.binance.stream.timing import StreamTiming


class SessionWatchdog:
    """Fed with the clock's readings; says when a silent spell starts and when the connection must be reopened."""

    def __init__(self, timing: StreamTiming, opened_at: datetime) -> None:
        self._timing = timing
        self._opened_at = opened_at
        self._last_frame = opened_at
        self._silent = False

    def saw_frame(self, at: datetime) -> None:
        self._last_frame = at
        self._silent = False

    def newly_silent(self, now: datetime) -> bool:
        """True once per silent spell: the first check after `silence_after` without a data frame."""
        if self._silent or now - self._last_frame < self._timing.silence_after:
            return False
        self._silent = True
        return True

    def reopen_reason(self, now: datetime) -> str | None:
        """Why the connection must be reopened now, or None."""
        age = now - self._opened_at
        if age >= self._timing.max_connection_age:
            return f"reopening before the 24-h cut (connection age {age})"
        limit = self._timing.reconnect_after_silence
        if limit is not None and now - self._last_frame >= limit:
            return f"no frame for {now - self._last_frame}"
        return None

    def was_stable(self, now: datetime) -> bool:
        """A session that lived long enough proves the endpoint works, so backoff starts over.

        Frames alone do not count: a server that sends one frame and closes must still be backed off.
        """
        return now - self._opened_at >= self._timing.stable_after
