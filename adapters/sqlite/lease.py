"""The single-instance lease in the bot_lease table; each decision is made inside one BEGIN IMMEDIATE."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import apsw

from adapters.sqlite.transactions import fetch_all, write_transaction
from domain.times import format_utc, parse_utc
from ports.lease import Lease, LeaseAttempt, LeaseStore, grant, renewed, taken_over

BOT = "bot"
_SELECT = "SELECT holder, acquired_at, renewed_at, expires_at FROM bot_lease WHERE name = ?"
_UPSERT = (
    "INSERT INTO bot_lease (name, holder, acquired_at, renewed_at, expires_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, acquired_at = excluded.acquired_at, "
    "renewed_at = excluded.renewed_at, expires_at = excluded.expires_at"
)


class SqliteLeaseStore(LeaseStore):
    """`name` picks the lease row: one per database unless several kinds of process need one each."""

    def __init__(self, connection: apsw.Connection, name: str = BOT) -> None:
        self._connection = connection
        self._name = name

    def acquire(self, holder: str, ttl: timedelta, now: datetime) -> LeaseAttempt:
        # The write lock makes read-decide-write one step: two processes can never both be granted
        with write_transaction(self._connection, f"acquire the {self._name} lease for {holder}") as db:
            attempt = grant(self._stored(db), holder, ttl, now)
            if attempt.granted:
                self._write(db, attempt.lease)
        return attempt

    def take_over(self, dead: Lease, holder: str, ttl: timedelta, now: datetime) -> LeaseAttempt:
        with write_transaction(self._connection, f"take the {self._name} lease over from {dead.holder}") as db:
            attempt = taken_over(self._stored(db), dead, holder, ttl, now)
            if attempt.granted:
                self._write(db, attempt.lease)
        return attempt

    def heartbeat(self, holder: str, now: datetime) -> Lease:
        with write_transaction(self._connection, f"renew the {self._name} lease of {holder}") as db:
            lease = renewed(self._stored(db), holder, now)
            self._write(db, lease)
        return lease

    def release(self, holder: str) -> None:
        with write_transaction(self._connection, f"release the {self._name} lease of {holder}") as db:
            db.execute("DELETE FROM bot_lease WHERE name = ? AND holder = ?", (self._name, holder))

    def current(self) -> Lease | None:
        rows = fetch_all(self._connection, f"read the {self._name} lease", _SELECT, (self._name,))
        return _decode(rows[0]) if rows else None

    def _stored(self, db: apsw.Connection) -> Lease | None:
        row = next(iter(db.execute(_SELECT, (self._name,))), None)
        return None if row is None else _decode(row)

    def _write(self, db: apsw.Connection, lease: Lease) -> None:
        times = (lease.acquired_at, lease.renewed_at, lease.expires_at)
        db.execute(_UPSERT, (self._name, lease.holder, *(format_utc(t) for t in times)))


def _decode(row: tuple[Any, ...]) -> Lease:
    holder, acquired_at, renewed_at, expires_at = row
    return Lease(holder, parse_utc(acquired_at), parse_utc(renewed_at), parse_utc(expires_at))
