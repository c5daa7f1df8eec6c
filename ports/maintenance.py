"""Housekeeping of the store's files: the bot checkpoints the write-ahead log so that it cannot grow without bound."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass


@dataclass(frozen=True)
class CheckpointResult:
    """One checkpoint: frames in the log, frames copied into the database, the log file's size, whether it was busy."""

    log_frames: int
    checkpointed_frames: int
    wal_bytes: int
    busy: bool = False

    @property
    def complete(self) -> bool:
        return not self.busy and self.checkpointed_frames >= self.log_frames


class StorageMaintenance(ABC):
    """Run by the bot only; safe while the web reads and writes."""

    @abstractmethod
    def checkpoint(self) -> CheckpointResult:
        """Copy committed log frames into the database without waiting for readers or writers; StorageError on failure.

        Another checkpoint running at the same moment is not an error: the result says busy.
        """
