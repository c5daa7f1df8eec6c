"""Runtime settings kept in process memory, stored as canonical JSON exactly like the SQLite config store.

A Decimal anywhere inside a value is written as its exact decimal string, so it reads back as that string.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from adapters.records.checks import check_config_write
from adapters.records.json_text import canonical_json, load_json
from domain.times import format_utc, parse_utc
from ports.config_store import ConfigEntry, ConfigStore
from ports.errors import ConfigVersionConflict


@dataclass(frozen=True)
class _Stored:
    value_json: str
    version: int
    updated_at: str
    updated_by: str

    def entry(self, key: str) -> ConfigEntry:
        # A fresh value on every read: callers may mutate what they get without touching the store
        return ConfigEntry(key, load_json(self.value_json), self.version, parse_utc(self.updated_at), self.updated_by)


class InMemoryConfigStore(ConfigStore):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, _Stored] = {}

    def get(self, key: str) -> ConfigEntry | None:
        with self._lock:
            stored = self._entries.get(key)
        return None if stored is None else stored.entry(key)

    def all(self) -> list[ConfigEntry]:
        with self._lock:
            items = sorted(self._entries.items())
        return [stored.entry(key) for key, stored in items]

    def put(self, key: str, value: Any, *, expected_version: int | None, updated_by: str, now: datetime) -> ConfigEntry:
        check_config_write(key, expected_version, updated_by)
        value_json = canonical_json(value, f"config {key!r}")
        stamp = format_utc(now)
        with self._lock:
            current = self._entries.get(key)
            version = 0 if current is None else current.version
            if expected_version is not None and expected_version != version:
                raise ConfigVersionConflict(key, expected_version, version)
            stored = self._entries[key] = _Stored(value_json, version + 1, stamp, updated_by)
        return stored.entry(key)
