"""Where the bot stands, in one word and one sentence, from its health row and its heartbeat's age (ADR 0050)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from application.loop import STOPPED as STOPPED_PHASE
from domain.times import format_utc
from ports.health import BotHealth

# A bot heartbeats many times a second; this long without one means it is stuck or gone
STALE_AFTER = timedelta(seconds=10)
READY, STARTING, FAIL_CLOSED, STALE, STOPPED, NO_BOT = "ready", "starting", "fail_closed", "stale", "stopped", "no_bot"
STATES = (READY, STARTING, FAIL_CLOSED, STALE, STOPPED, NO_BOT)
_LABELS = {
    READY: "READY",
    STARTING: "STARTING",
    FAIL_CLOSED: "FAIL CLOSED",
    STALE: "NOT RESPONDING",
    STOPPED: "STOPPED",
    NO_BOT: "NO BOT",
}


@dataclass(frozen=True)
class BotStanding:
    """state: one of STATES; running: a live process heartbeats; since/why: when it came to this, and the cause."""

    state: str
    running: bool
    since: datetime | None
    why: str | None
    summary: str
    label: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", _LABELS[self.state])

    def engine_label(self, engine_state: str) -> str:
        """The Engine pill: the engine's state only while the bot is ready to act on it, else the bot's state."""
        return engine_state if self.state == READY else self.label


def bot_standing(bot: BotHealth | None, now: datetime, stale_after: timedelta = STALE_AFTER) -> BotStanding:
    """A clean exit reads stopped (whatever the row's age); a heartbeat older than stale_after reads not responding."""
    if bot is None:
        return BotStanding(NO_BOT, False, None, None, "no bot has run against this database yet")
    if bot.boot_phase == STOPPED_PHASE or bot.stopped_at is not None:
        since, why = bot.stopped_at or bot.updated_at, bot.stop_reason or bot.last_error
        return BotStanding(STOPPED, False, since, why, _sentence(f"stopped since {format_utc(since)}", why))
    if now - bot.updated_at > stale_after:
        why = bot.last_error or bot.fail_closed_reason
        said = f"not responding since {format_utc(bot.updated_at)} (its last heartbeat)"
        return BotStanding(STALE, False, bot.updated_at, why, _sentence(said, why and f"last error: {why}"))
    if bot.fail_closed_reason is not None:
        why = bot.fail_closed_reason
        return BotStanding(FAIL_CLOSED, True, None, why, _sentence("running but failed closed (no new orders)", why))
    state = READY if bot.ready else STARTING
    said = f"running since {format_utc(bot.started_at)}" if bot.ready else f"starting ({bot.boot_phase})"
    return BotStanding(state, True, bot.started_at, None, said)


def _sentence(head: str, why: str | None) -> str:
    return head if not why else f"{head}: {why}"
