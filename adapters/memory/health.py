"""The bot's health kept in process memory, stored as the same record the SQLite store writes."""

from __future__ import annotations

import threading

from domain.codec import Record
from ports.health import BotHealth, HealthStore


class InMemoryHealthStore(HealthStore):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._record: Record | None = None

    def write(self, health: BotHealth) -> None:
        # Through the record, so a health the SQLite store could not encode fails here too
        record = health.to_record()
        with self._lock:
            self._record = record

    def read(self) -> BotHealth | None:
        with self._lock:
            record = self._record
        return None if record is None else BotHealth.from_record(record)
