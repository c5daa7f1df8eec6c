"""Login attempts in the shared SQLite file (table of migration 0009); each check and record is one transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

import apsw

from adapters.sqlite.transactions import write_transaction
from domain.times import format_utc, parse_utc
from ports.login_attempts import LoginAttempts, check_attempt, retry_at

_RECENT = "SELECT at FROM web_login_attempts WHERE key = ? AND at > ? ORDER BY at"
_WITHDRAW = (
    "DELETE FROM web_login_attempts WHERE rowid = (SELECT rowid FROM web_login_attempts WHERE key = ? AND at = ? "
    "LIMIT 1)"
)
_OVER_CAP = (
    "DELETE FROM web_login_attempts WHERE rowid IN (SELECT rowid FROM web_login_attempts ORDER BY at, rowid "
    "LIMIT max(0, (SELECT count(*) FROM web_login_attempts) - ?))"
)


class SqliteLoginAttempts(LoginAttempts):
    def __init__(self, connection: apsw.Connection) -> None:
        self._connection = connection

    def try_attempt(self, key: str, now: datetime, limit: int, window: timedelta) -> datetime | None:
        check_attempt(key, now, limit, window)
        # BEGIN IMMEDIATE: two workers checking the same key at once cannot both take the last place
        with write_transaction(self._connection, "count a login attempt") as db:
            recent = [parse_utc(at) for (at,) in db.execute(_RECENT, (key, format_utc(now - window)))]
            refused = retry_at(recent, limit, window)
            if refused is None:
                db.execute("INSERT INTO web_login_attempts (key, at) VALUES (?, ?)", (key, format_utc(now)))
            return refused

    def withdraw(self, key: str, at: datetime) -> bool:
        with write_transaction(self._connection, "withdraw a login attempt") as db:
            db.execute(_WITHDRAW, (key, format_utc(at)))
            return self._connection.changes() > 0

    def forget(self, before: datetime, keep: int) -> int:
        with write_transaction(self._connection, "forget old login attempts") as db:
            db.execute("DELETE FROM web_login_attempts WHERE at <= ?", (format_utc(before),))
            gone = self._connection.changes()
            db.execute(_OVER_CAP, (max(0, keep),))
            return gone + self._connection.changes()
