"""PASSIVE WAL checkpoints on the shared connection, with the -wal file's size for the health row."""

from __future__ import annotations

from pathlib import Path

import apsw

from ports.errors import StorageError
from ports.maintenance import CheckpointResult, StorageMaintenance


class SqliteMaintenance(StorageMaintenance):
    def __init__(self, connection: apsw.Connection) -> None:
        self._connection = connection

    def checkpoint(self) -> CheckpointResult:
        try:
            # PASSIVE never waits: a dashboard holding a read open only leaves frames for the next pass
            log_frames, done = self._connection.wal_checkpoint(mode=apsw.SQLITE_CHECKPOINT_PASSIVE)
        except apsw.BusyError:
            return CheckpointResult(0, 0, self._wal_bytes(), busy=True)
        except apsw.Error as exc:
            raise StorageError(f"cannot checkpoint the write-ahead log: {exc}") from exc
        return CheckpointResult(max(log_frames, 0), max(done, 0), self._wal_bytes())

    def _wal_bytes(self) -> int:
        path = self._connection.filename_wal
        try:
            return Path(path).stat().st_size if path else 0
        except FileNotFoundError:
            return 0
