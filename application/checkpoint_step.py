"""The loop's housekeeping step: checkpoint the write-ahead log now and then, and say when it keeps growing."""

from __future__ import annotations

import logging
from datetime import datetime

from application.bot_core import BotCore
from application.cycle import CycleReport, LoopTiming, elapsed
from application.step_errors import StepErrors
from ports.maintenance import CheckpointResult, StorageMaintenance

log = logging.getLogger("alphaengine.bot")

# The connection truncates the log back to this size after a checkpoint; above it, checkpoints are being starved
WAL_WARN_BYTES = 64 * 1024 * 1024


class CheckpointStep:
    """PASSIVE checkpoints every `checkpoint_every` (never waiting for the web); the log's size goes to health."""

    def __init__(self, core: BotCore, maintenance: StorageMaintenance, timing: LoopTiming, errors: StepErrors) -> None:
        self._board, self._clock, self._maintenance = core.board, core.clock, maintenance
        self._every, self._errors = timing.checkpoint_every, errors
        self._last: datetime | None = None

    def run_if_due(self, report: CycleReport) -> None:
        now = self._clock.now()
        if not elapsed(self._last, now, self._every):
            return
        self._last = now
        with self._errors.guard("checkpoint", report):
            result = self._maintenance.checkpoint()
            self._board.update(wal_bytes=result.wal_bytes)
            _log(result)


def _log(result: CheckpointResult) -> None:
    level = logging.DEBUG if result.complete else logging.INFO
    if result.wal_bytes > WAL_WARN_BYTES:
        # Something (a long-lived reader) keeps the log from being reset: it grows until that stops
        level = logging.WARNING
    log.log(
        level,
        "WAL checkpoint: %d of %d frames copied, log file %d bytes%s",
        result.checkpointed_frames,
        result.log_frames,
        result.wal_bytes,
        " (busy: another checkpoint ran)" if result.busy else "",
    )
