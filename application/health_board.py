"""The bot's health as the loop keeps it and publishes it to the health store: phase, readiness, why it stopped."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from ports.clock import Clock
from ports.errors import EventUnfoldable
from ports.health import BotHealth, HealthStore

log = logging.getLogger("alphaengine.bot")

READY = "ready"
FAILED_CLOSED = "failed closed"
# A counter of the health row stays a SQLite integer and an exact JSON number in any reader
MAX_COUNT = 2**53 - 1


class HealthBoard:
    """The bot's current health, kept in memory every cycle and written to the store when published."""

    def __init__(self, store: HealthStore, clock: Clock, holder: str) -> None:
        self._store, self._clock = store, clock
        now = clock.now()
        self.current = BotHealth(holder=holder, started_at=now, updated_at=now, boot_phase="starting", ready=False)

    def update(self, **changes: Any) -> BotHealth:
        self.current = replace(self.current, updated_at=self._clock.now(), **changes)
        return self.current

    def publish(self, **changes: Any) -> None:
        self._store.write(self.update(**changes))

    def count(self, **increments: int) -> BotHealth:
        """Add to the health row's counters (stream_reconnects, http_429s, …), each held at MAX_COUNT."""
        current = self.current
        return self.update(**{name: min(getattr(current, name) + by, MAX_COUNT) for name, by in increments.items()})


def fail_closed_on_fold(board: HealthBoard, failure: EventUnfoldable) -> str:
    """Publish that the bot stopped trading on an event it cannot fold; one log line, only when the reason is new."""
    reason = f"projections stopped: {failure}"
    if board.current.fail_closed_reason != reason:
        # No traceback: the line names the event and the command to read it, which is what the operator needs
        log.error("failing closed, no orders will be sent: %s", reason)
        board.publish(boot_phase=FAILED_CLOSED, ready=False, fail_closed_reason=reason)
    return reason


def status_line(health: BotHealth, trading: str) -> str:
    """What `systemctl status` shows for the bot: trading what, or failed closed and why, or its phase."""
    if health.ready:
        return f"ready: trading {trading}"
    if health.boot_phase == FAILED_CLOSED:
        return f"failed closed, no orders are sent: {health.fail_closed_reason}"
    return health.boot_phase
