"""Runtime settings in config_store: canonical JSON values, one version counter per key.

Values are stored as canonical JSON; a Decimal anywhere inside a value is written as its exact decimal string
(never a float), so it reads back as that string and `Decimal(text)` restores it without loss.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import apsw

from adapters.records.checks import check_config_write
from adapters.records.json_text import canonical_json, load_json
from adapters.sqlite.transactions import fetch_all, write_transaction
from domain.times import format_utc, parse_utc
from ports.config_store import ConfigEntry, ConfigStore
from ports.errors import ConfigVersionConflict

_SELECT = "SELECT key, value_json, version, updated_at, updated_by FROM config_store"
_UPSERT = (
    "INSERT INTO config_store (key, value_json, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, version = excluded.version, "
    "updated_at = excluded.updated_at, updated_by = excluded.updated_by"
)


class SqliteConfigStore(ConfigStore):
    def __init__(self, connection: apsw.Connection) -> None:
        self._connection = connection

    def get(self, key: str) -> ConfigEntry | None:
        rows = fetch_all(self._connection, f"read config {key!r}", f"{_SELECT} WHERE key = ?", (key,))
        return _decode(rows[0]) if rows else None

    def all(self) -> list[ConfigEntry]:
        rows = fetch_all(self._connection, "read config", f"{_SELECT} ORDER BY key")
        return [_decode(row) for row in rows]

    def put(self, key: str, value: Any, *, expected_version: int | None, updated_by: str, now: datetime) -> ConfigEntry:
        check_config_write(key, expected_version, updated_by)
        value_json = canonical_json(value, f"config {key!r}")
        stamp = format_utc(now)
        with write_transaction(self._connection, f"write config {key!r}") as db:
            current = db.execute("SELECT version FROM config_store WHERE key = ?", (key,)).get or 0
            if expected_version is not None and expected_version != current:
                raise ConfigVersionConflict(key, expected_version, current)
            db.execute(_UPSERT, (key, value_json, current + 1, stamp, updated_by))
        return _decode((key, value_json, current + 1, stamp, updated_by))


def _decode(row: tuple[Any, ...]) -> ConfigEntry:
    key, value_json, version, updated_at, updated_by = row
    return ConfigEntry(key, load_json(value_json), version, parse_utc(updated_at), updated_by)
