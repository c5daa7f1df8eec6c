"""The database's identity in the database_identity table: one row, bound inside one BEGIN IMMEDIATE."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import apsw

from adapters.sqlite.transactions import fetch_all, write_transaction
from domain.values import Mode
from ports.database_identity import DatabaseIdentity, IdentityStore, bound, rebound

_SELECT = "SELECT mode, account FROM database_identity WHERE id = 1"
_UPSERT = (
    "INSERT INTO database_identity (id, mode, account) VALUES (1, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET mode = excluded.mode, account = excluded.account"
)

Stored = TypeVar("Stored", DatabaseIdentity, DatabaseIdentity | None)


class SqliteIdentityStore(IdentityStore):
    def __init__(self, connection: apsw.Connection) -> None:
        self._connection = connection

    def bind(self, identity: DatabaseIdentity) -> DatabaseIdentity:
        return self._apply(f"bind the database to {identity.mode.value}", lambda stored: bound(stored, identity))

    def rebind(self, expected: DatabaseIdentity, account: str) -> DatabaseIdentity | None:
        return self._apply(
            f"rebind the database to account {account}", lambda stored: rebound(stored, expected, account)
        )

    def _apply(self, doing: str, rule: Callable[[DatabaseIdentity | None], Stored]) -> Stored:
        # The write lock makes read-decide-write one step: two first processes cannot both bind
        with write_transaction(self._connection, doing) as db:
            row = next(iter(db.execute(_SELECT)), None)
            stored = None if row is None else _decode(row)
            result = rule(stored)
            if result is not None and result != stored:
                db.execute(_UPSERT, (result.mode.value, result.account))
        return result

    def read(self) -> DatabaseIdentity | None:
        rows = fetch_all(self._connection, "read the database identity", _SELECT)
        return _decode(rows[0]) if rows else None


def _decode(row: tuple[Any, ...]) -> DatabaseIdentity:
    mode, account = row
    return DatabaseIdentity(Mode(mode), account)
