"""Taking over the lease of a bot that died on this host, instead of waiting out its ttl (ADR 0035)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from application.cycle import LoopTiming
from domain.times import format_utc
from ports.clock import Clock
from ports.lease import Lease, LeaseAttempt, LeaseStore, holder_process
from ports.process_probe import ProcessProbe

log = logging.getLogger("alphaengine.bot")

# A live holder renews at every heartbeat: two of them missed is the second sign, next to its pid, that it is gone
DEFAULT_QUIET = 2 * LoopTiming().heartbeat_every


def sleep_for(duration: timedelta) -> None:
    time.sleep(duration.total_seconds())


@dataclass(frozen=True)
class Takeover:
    """Replace the holder only if it ran on this host, its pid is gone and its lease has been quiet for `quiet`.

    `pause` waits out the rest of the quiet period, on the bot's clock (a real sleep unless a test moves a clock).
    """

    probe: ProcessProbe
    quiet: timedelta = DEFAULT_QUIET
    pause: Callable[[timedelta], None] = sleep_for

    def attempt(
        self,
        leases: LeaseStore,
        clock: Clock,
        held: Lease,
        holder: str,
        ttl: timedelta,
    ) -> tuple[LeaseAttempt, str]:
        """Take `held` over for `holder`, or refuse it; either way with the reason, for the log and LeaseHeld."""
        gone, why = self.judge(held, holder)
        refused = LeaseAttempt(granted=False, lease=held)
        if not gone:
            return refused, why
        quiet_until, now = held.renewed_at + self.quiet, clock.now()
        if quiet_until - now > self.quiet:
            return refused, f"{why}, but its last heartbeat {format_utc(held.renewed_at)} is in the future"
        if now < quiet_until:
            self.pause(quiet_until - now)
            now = clock.now()
        if now < quiet_until:
            return refused, f"{why}, but it renewed its lease {now - held.renewed_at} ago"
        attempt = leases.take_over(held, holder, ttl, now)
        if not attempt.granted:
            return attempt, "its lease changed while this bot waited to take it over"
        log.warning(
            "took the lease over from %s: %s and its lease was not renewed for %s",
            held.describe(),
            why,
            now - held.renewed_at,
        )
        return attempt, why

    def judge(self, held: Lease, holder: str) -> tuple[bool, str]:
        """Whether the holder of `held` is certainly gone, and why it is or may not be."""
        theirs, ours = holder_process(held.holder), holder_process(holder)
        if theirs is None or ours is None:
            return False, "its holder name does not say which process holds it"
        host, pid = theirs
        if theirs == ours:
            # The same pid here means an earlier process with our pid, or one in another pid namespace
            return False, f"it names this process's own pid {pid}"
        alive = self.probe.alive(host, pid)
        if alive is None:
            return False, f"this host cannot tell whether process {pid} on {host} runs"
        if alive:
            return False, f"its process {pid} on {host} is running"
        return True, f"its process {pid} on this host ({host}) is gone"
