"""How hard the main loop may poll, from the rate-limit governor's reading (PRD §4.11, ADR 0033)."""

from __future__ import annotations

import logging
from datetime import datetime
from enum import Enum

from application.loop_ports import RateLimitReading
from domain.events import RateLimitState

log = logging.getLogger("alphaengine.bot")

_HOLDING = frozenset({RateLimitState.STOP, RateLimitState.LIMITED, RateLimitState.BANNED})


class Pace(Enum):
    FULL = "full"
    SLOWED = "slowed"  # reconcile intervals and the mark refresh doubled
    HELD = "held"  # no reconcile, market read or strategy tick; commands still run


class RatePace:
    """SLOW slows polling; STOP, LIMITED and BANNED hold it for the rest of the clock minute.

    The governor re-reads its state only when a request passes through it, so with nothing sent a STOP reading would
    outlast the minute it belongs to. The first cycle of each new minute therefore polls once: its first request lets
    the governor restart its counters (or, during a ban or a 429 pause, is refused before anything is sent), and if
    the reading still holds, the rest of that minute is held again.
    """

    def __init__(self, reading: RateLimitReading | None) -> None:
        self._reading = reading
        self._held_minute: int | None = None
        self._last = Pace.FULL

    def pace(self, now: datetime) -> Pace:
        """The pace for the cycle starting at `now`."""
        pace = self._pace_for(self._state(), _minute(now))
        if pace is not self._last:
            log.log(
                logging.INFO if pace is Pace.FULL else logging.WARNING,
                "polling pace %s → %s",
                self._last.value,
                pace.value,
            )
            self._last = pace
        return pace

    def _pace_for(self, state: RateLimitState, minute: int) -> Pace:
        if state not in _HOLDING:
            self._held_minute = None
            return Pace.SLOWED if state == RateLimitState.SLOW else Pace.FULL
        if self._held_minute is None or self._held_minute == minute:
            self._held_minute = minute
            return Pace.HELD
        self._held_minute = minute
        return Pace.FULL

    def _state(self) -> RateLimitState:
        if self._reading is None:
            return RateLimitState.NORMAL
        return self._reading()[1]


def _minute(now: datetime) -> int:
    return int(now.timestamp()) // 60
