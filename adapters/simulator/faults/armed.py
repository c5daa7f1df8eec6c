"""Bookkeeping shared by a board's faults: which are armed, how many occasions are left, when they expire."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from adapters.simulator.faults.log import FaultLog
from adapters.simulator.faults.setting import FaultSetting
from ports.clock import Clock

_log = logging.getLogger(__name__)


@dataclass
class _Armed:
    setting: FaultSetting
    left: int | None
    until: datetime | None


class ArmedFaults:
    """The armed subset of `names`; fire() spends one occasion and writes the firing to the fault log."""

    def __init__(self, names: tuple[str, ...], clock: Clock, log: FaultLog) -> None:
        self.names = names
        self._clock = clock
        self.log = log
        self._armed: dict[str, _Armed] = {}

    def arm(self, name: str, setting: FaultSetting) -> None:
        self.check(name)
        until = None if setting.duration is None else self._clock.now() + timedelta(seconds=setting.duration)
        self._armed[name] = _Armed(setting, setting.count, until)
        _log.info("fault armed: %s %s", name, setting)

    def check(self, name: str) -> None:
        if name not in self.names:
            raise ValueError(f"unknown fault {name!r}; this board knows {', '.join(self.names)}")

    def clear(self, name: str | None = None) -> None:
        if name is not None:
            self.check(name)
        for cleared in [name] if name is not None else list(self._armed):
            if self._armed.pop(cleared, None) is not None:
                _log.info("fault cleared: %s", cleared)

    def armed(self) -> dict[str, FaultSetting]:
        now = self._clock.now()
        return {name: _remaining(entry, now) for name in list(self._armed) if (entry := self._live(name)) is not None}

    def peek(self, name: str) -> FaultSetting | None:
        """The setting of `name` if it would fire on this occasion, without spending it."""
        entry = self._live(name)
        return None if entry is None else entry.setting

    def fire(self, name: str, detail: str) -> FaultSetting | None:
        """Spend one occasion of `name` and log it; None (nothing spent) when it is not armed."""
        entry = self._live(name)
        if entry is None:
            return None
        if entry.left is not None:
            entry.left -= 1
            if entry.left == 0:
                del self._armed[name]
        self.log.record(name, detail)
        return entry.setting

    def _live(self, name: str) -> _Armed | None:
        entry = self._armed.get(name)
        if entry is not None and entry.until is not None and self._clock.now() >= entry.until:
            del self._armed[name]
            _log.info("fault expired: %s", name)
            return None
        return entry


def _remaining(entry: _Armed, now: datetime) -> FaultSetting:
    duration = None if entry.until is None else (entry.until - now).total_seconds()
    return replace(entry.setting, count=entry.left, duration=duration)
