"""Keep a trial's event log: its events and settings written into a new SQLite database in the report's folder, bound
to sim mode and the sim account, its projections rebuilt, so `alphaengine --db FILE pnl|events show|rebuild` read it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from application.projector import Projector
from config.secrets import Secrets
from domain.events import StoredEvent
from entrypoints.containers.adapters import sqlite_adapters
from entrypoints.database_mode import bind_database
from ports.clock import Clock
from ports.config_store import ConfigStore

DATABASE_FILE = "trial.sqlite3"
SIDE_FILES = ("-wal", "-shm")


def save_log(
    folder: Path, events: Sequence[StoredEvent], settings: ConfigStore, secrets: Secrets, clock: Clock
) -> Path:
    """Write the log into folder/trial.sqlite3, replacing the one an earlier trial left there; return its path."""
    path = folder / DATABASE_FILE
    for stale in (path, *(path.with_name(path.name + side) for side in SIDE_FILES)):
        stale.unlink(missing_ok=True)
    adapters = sqlite_adapters(path)
    try:
        adapters.init_resources()
        account = secrets.credentials.fingerprint() if secrets.credentials else None
        bind_database(adapters.identity_store(), path, secrets.mode, account)
        store = adapters.config_store()
        for entry in settings.all():
            store.put(entry.key, entry.value, expected_version=0, updated_by=entry.updated_by, now=clock.now())
        adapters.event_store().append([stored.event for stored in events])
        Projector(adapters.event_store(), adapters.projection_store()).rebuild()
    finally:
        adapters.shutdown_resources()
    return path
