"""The in-memory stores keep no log file: every checkpoint is complete and empty, and the calls are counted."""

from __future__ import annotations

from ports.maintenance import CheckpointResult, StorageMaintenance


class InMemoryMaintenance(StorageMaintenance):
    def __init__(self) -> None:
        self.checkpoints = 0

    def checkpoint(self) -> CheckpointResult:
        self.checkpoints += 1
        return CheckpointResult(log_frames=0, checkpointed_frames=0, wal_bytes=0)
