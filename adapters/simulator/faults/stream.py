"""WebSocket faults: drop, duplicate, reorder or delay user-data events; close or silently stall a user-data socket.

Occasions: each user-data event on each connection is one occasion of ws_drop / ws_duplicate / ws_reorder / ws_delay;
each user-data connection checking in (at an event or a ticker round) is one occasion of ws_close / ws_stall.
`seconds` is simulated time: how long ws_delay holds an event back and ws_stall keeps a socket silent (0: until
ws_stall is cleared). ws_reorder holds one event back until the next one has been sent. Firings go to the fault log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from adapters.simulator.faults.armed import ArmedFaults
from adapters.simulator.faults.log import FaultLog
from adapters.simulator.faults.setting import FaultSetting
from ports.clock import Clock

DROP = "ws_drop"
DUPLICATE = "ws_duplicate"
REORDER = "ws_reorder"
DELAY = "ws_delay"
CLOSE = "ws_close"
STALL = "ws_stall"
NAMES = (DROP, DUPLICATE, REORDER, DELAY, CLOSE, STALL)


@dataclass(frozen=True)
class Stall:
    """A stall that fired on one connection: silent until `until` (None: until ws_stall is cleared)."""

    until: datetime | None
    epoch: int


class StreamFaults:
    """The Switchboard of the WebSocket faults; connections ask fire(name, detail) at each occasion."""

    names: tuple[str, ...] = NAMES

    def __init__(self, clock: Clock, log: FaultLog) -> None:
        self._clock = clock
        self._armed = ArmedFaults(NAMES, clock, log)
        # Bumped whenever ws_stall is cleared, which ends every open-ended stall that fired before
        self._stall_epoch = 0

    def arm(self, name: str, setting: FaultSetting) -> None:
        self._armed.arm(name, setting)

    def clear(self, name: str | None = None) -> None:
        self._armed.clear(name)
        if name in (None, STALL):
            self._stall_epoch += 1

    def armed(self) -> dict[str, FaultSetting]:
        return self._armed.armed()

    def fire(self, name: str, detail: str) -> FaultSetting | None:
        """Spend one occasion of `name` if it is armed, logging `detail`; its setting, else None."""
        self._armed.check(name)
        return self._armed.fire(name, detail)

    def start_stall(self, where: str) -> Stall | None:
        """Fire ws_stall on the socket `where`: the stall it must keep, or None when the fault is not armed."""
        setting = self._armed.peek(STALL)
        if setting is None:
            return None
        until = None if setting.seconds == 0 else self._clock.now() + timedelta(seconds=setting.seconds)
        self._armed.fire(STALL, f"{where} silent " + ("until cleared" if until is None else f"for {setting.seconds}s"))
        return Stall(until, self._stall_epoch)

    def is_stalled(self, stall: Stall) -> bool:
        """Whether `stall` still holds: its time has not run out and ws_stall was not cleared since it fired."""
        if stall.epoch != self._stall_epoch:
            return False
        return stall.until is None or self._clock.now() < stall.until
