"""The oracle-visible fault log: every firing of an armed fault, stamped with the simulated time."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from domain.times import epoch_ms
from ports.clock import Clock

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FaultRecord:
    """One firing: when (epoch ms, simulated), which fault, and what it did to which request or event."""

    time: int
    fault: str
    detail: str


class FaultLog:
    """Append-only; each record is also logged at INFO so a run's log shows the faults in place."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._records: list[FaultRecord] = []

    def record(self, fault: str, detail: str) -> FaultRecord:
        entry = FaultRecord(epoch_ms(self._clock.now()), fault, detail)
        self._records.append(entry)
        _log.info("fault %s fired: %s", fault, detail)
        return entry

    @property
    def records(self) -> tuple[FaultRecord, ...]:
        return tuple(self._records)
