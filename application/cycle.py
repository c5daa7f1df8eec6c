"""One main-loop cycle's settings and its report of what it did."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LoopTiming:
    """idle_wait bounds command pick-up latency (ADR 0022); the others bound how often the slower steps run."""

    idle_wait: timedelta = timedelta(milliseconds=50)
    # While idle, the command queue is read this often, so a web command starts within a few ms (ADR 0040)
    command_poll: timedelta = timedelta(milliseconds=5)
    heartbeat_every: timedelta = timedelta(seconds=1)
    strategy_every: timedelta = timedelta(seconds=1)
    commands_per_cycle: int = 20
    checkpoint_every: timedelta = timedelta(seconds=60)
    # The same failure again within this window is logged but not appended again (a dead store, a broken strategy)
    repeat_error_after: timedelta = timedelta(seconds=60)


@dataclass
class CycleReport:
    """What one cycle did; a cycle that did nothing lets the loop wait for the idle interval."""

    messages: int = 0
    commands: int = 0
    ticked: bool = False
    reconciled: bool = False
    config_changes: int = 0
    # The rate-limit governor held polling back this cycle (ADR 0033): no market read, strategy tick or reconcile
    held: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def busy(self) -> bool:
        return bool(self.messages or self.commands or self.config_changes)


def elapsed(last: datetime | None, now: datetime, every: timedelta) -> bool:
    """Whether a step last run at `last` (None: never) is due again at `now`."""
    return last is None or now - last >= every
