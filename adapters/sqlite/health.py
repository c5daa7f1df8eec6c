"""The bot's health row in bot_health: canonical JSON of BotHealth, overwritten at every heartbeat."""

from __future__ import annotations

import apsw

from adapters.records.json_text import canonical_json, load_json
from adapters.sqlite.lease import BOT
from adapters.sqlite.transactions import fetch_all, write_transaction
from domain.times import format_utc
from ports.health import BotHealth, HealthStore

_UPSERT = (
    "INSERT INTO bot_health (name, health_json, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (name) DO UPDATE SET health_json = excluded.health_json, updated_at = excluded.updated_at"
)


class SqliteHealthStore(HealthStore):
    def __init__(self, connection: apsw.Connection, name: str = BOT) -> None:
        self._connection = connection
        self._name = name

    def write(self, health: BotHealth) -> None:
        text = canonical_json(health.to_record(), "bot health")
        with write_transaction(self._connection, f"write the {self._name} health") as db:
            db.execute(_UPSERT, (self._name, text, format_utc(health.updated_at)))

    def read(self) -> BotHealth | None:
        sql = "SELECT health_json FROM bot_health WHERE name = ?"
        rows = fetch_all(self._connection, f"read the {self._name} health", sql, (self._name,))
        return BotHealth.from_record(load_json(rows[0][0])) if rows else None
