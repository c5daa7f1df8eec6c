"""Guide R17: a power loss keeps exactly what was synced. Every event survives; projections may lag and catch up.

A VFS keeps, for each file, its bytes as of its last sync; the "disk after the power loss" is those bytes alone.
"""

from __future__ import annotations

from pathlib import Path

import apsw

from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.projection_store import SqliteProjectionStore
from application.projector import Projector
from tests.contract.samples import fill

BATCHES, PER_BATCH = 12, 5


class PowerLossVFS(apsw.VFS):
    """The platform's VFS, remembering each file's content at its last xSync."""

    def __init__(self, name: str = "power-loss") -> None:
        self.name = name
        self.synced: dict[str, bytes] = {}
        # The disk as it would be after a power loss right after each sync, in order
        self.crash_points: list[dict[str, bytes]] = []
        super().__init__(name, "")

    def xOpen(self, name: str | apsw.URIFilename | None, flags: list[int]) -> apsw.VFSFile:
        return SyncRecordingFile(self, name, flags)

    def xDelete(self, filename: str, syncdir: bool) -> None:
        # A deleted rollback journal must not come back as a hot journal after the power loss
        super().xDelete(filename, syncdir)
        self.synced.pop(filename, None)

    def disk_after_power_loss(self, folder: Path, disk: dict[str, bytes] | None = None) -> None:
        """Write every synced file into `folder` as it was at its last sync (or as `disk` has it); no -shm."""
        folder.mkdir(parents=True)
        for path, content in (self.synced if disk is None else disk).items():
            if not path.endswith("-shm"):
                (folder / Path(path).name).write_bytes(content)

    def record(self, path: str) -> None:
        self.synced[path] = Path(path).read_bytes()
        self.crash_points.append(dict(self.synced))


class SyncRecordingFile(apsw.VFSFile):
    def __init__(self, vfs: PowerLossVFS, name: str | apsw.URIFilename | None, flags: list[int]) -> None:
        self._vfs = vfs
        self._path = name.filename() if isinstance(name, apsw.URIFilename) else name
        super().__init__("", name, flags)

    def xSync(self, flags: int) -> None:
        super().xSync(flags)
        if self._path:
            self._vfs.record(self._path)


def test_after_a_power_loss_every_event_is_there_and_the_projections_fold_what_they_missed(tmp_path: Path) -> None:
    vfs = PowerLossVFS()
    live = open_database(tmp_path / "live" / "engine.sqlite3", vfs=vfs.name)
    events, projections = SqliteEventStore(live), SqliteProjectionStore(live)
    projector = Projector(events, projections)
    for batch in range(BATCHES):
        first = batch * PER_BATCH + 1
        events.append([fill(n, n) for n in range(first, first + PER_BATCH)])
        projector.catch_up()  # committed at NORMAL (ADR 0042): on disk only once the next event is synced
    vfs.disk_after_power_loss(tmp_path / "after")

    recovered = open_database(tmp_path / "after" / "engine.sqlite3")
    stored = [s.event.event_id for s in SqliteEventStore(recovered).read_after(0, 1000)]
    lagging = SqliteProjectionStore(recovered).checkpoint()
    caught_up = Projector(SqliteEventStore(recovered), SqliteProjectionStore(recovered))
    caught_up.catch_up()

    assert recovered.pragma("integrity_check") == "ok"
    assert stored == [f"evt-{n}" for n in range(1, BATCHES * PER_BATCH + 1)]
    assert lagging == (BATCHES - 1) * PER_BATCH, "the last projection commit was never synced"
    assert SqliteProjectionStore(recovered).dump() == projections.dump()
    live.close()
    recovered.close()


def test_a_power_loss_after_any_sync_keeps_every_returned_append_and_a_consistent_fold(tmp_path: Path) -> None:
    vfs = PowerLossVFS("power-loss-sweep")
    live = open_database(tmp_path / "live" / "engine.sqlite3", vfs=vfs.name)
    events, projector = SqliteEventStore(live), Projector(SqliteEventStore(live), SqliteProjectionStore(live))
    returned_by: list[tuple[int, int]] = []  # (syncs so far, events appended) after each append returned
    for batch in range(BATCHES):
        first = batch * PER_BATCH + 1
        events.append([fill(n, n) for n in range(first, first + PER_BATCH)])
        returned_by.append((len(vfs.crash_points), first + PER_BATCH - 1))
        projector.catch_up()
    live.close()

    for point, disk in enumerate(vfs.crash_points, start=1):
        vfs.disk_after_power_loss(tmp_path / f"crash-{point}", disk)
        recovered = open_database(tmp_path / f"crash-{point}" / "engine.sqlite3")
        ids = [s.event.event_id for s in SqliteEventStore(recovered).read_after(0, 1000)]
        must_have = max((count for syncs, count in returned_by if syncs <= point), default=0)
        checkpoint = SqliteProjectionStore(recovered).checkpoint()
        fold = Projector(SqliteEventStore(recovered), SqliteProjectionStore(recovered))
        fold.catch_up()
        caught_up = SqliteProjectionStore(recovered).dump()
        fold.rebuild()

        assert recovered.pragma("integrity_check") == "ok", point
        assert ids == [f"evt-{n}" for n in range(1, len(ids) + 1)] and len(ids) >= must_have, point
        assert checkpoint <= len(ids), point
        assert caught_up == SqliteProjectionStore(recovered).dump(), point
        recovered.close()
