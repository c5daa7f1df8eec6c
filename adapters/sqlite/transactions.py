"""The only ways the stores touch a connection: serialised per connection, writes in BEGIN IMMEDIATE."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import apsw

from ports.errors import StorageBusy, StorageError


class DatabaseBusy(StorageBusy):
    """Another connection held the write lock for longer than the busy timeout."""


class ConstraintViolation(StorageError):
    """A UNIQUE, CHECK, FOREIGN KEY or trigger constraint refused the write."""


# One lock per connection: stores share a connection, and APSW connections must not be used concurrently
_locks: weakref.WeakKeyDictionary[apsw.Connection, threading.RLock] = weakref.WeakKeyDictionary()
_locks_guard = threading.Lock()


def connection_lock(connection: apsw.Connection) -> threading.RLock:
    with _locks_guard:
        lock = _locks.get(connection)
        if lock is None:
            lock = _locks[connection] = threading.RLock()
        return lock


def translate(exc: apsw.Error, doing: str) -> StorageError:
    """Turn a driver error into a port error whose message says what was being done."""
    if isinstance(exc, (apsw.BusyError, apsw.LockedError)):
        return DatabaseBusy(f"{doing}: the database stayed locked past the busy timeout ({exc})")
    if isinstance(exc, apsw.ConstraintError):
        return ConstraintViolation(f"{doing}: {exc}")
    return StorageError(f"{doing}: {type(exc).__name__}: {exc}")


@contextmanager
def write_transaction(connection: apsw.Connection, doing: str, *, durable: bool = True) -> Iterator[apsw.Connection]:
    """Run the block in BEGIN IMMEDIATE … COMMIT; any error rolls everything back.

    durable=False commits without waiting for the disk (synchronous=NORMAL for this one transaction, ADR 0042): only
    for what can be derived again from durable data. The log is append-only, so a crash can lose such a commit only
    together with everything after it, and the next FULL commit makes it durable too.
    """
    with connection_lock(connection):
        _refuse_nesting(connection, doing)
        if durable:
            yield from _commit(connection, doing)
            return
        _set_synchronous(connection, "NORMAL", doing)
        try:
            yield from _commit(connection, doing)
        finally:
            _set_synchronous(connection, "FULL", doing)


def _commit(connection: apsw.Connection, doing: str) -> Iterator[apsw.Connection]:
    try:
        # IMMEDIATE takes the write lock up front, the only point where the busy timeout can wait
        connection.execute("BEGIN IMMEDIATE")
    except apsw.Error as exc:
        raise translate(exc, doing) from exc
    try:
        yield connection
        connection.execute("COMMIT")
    except apsw.Error as exc:
        _rollback(connection)
        raise translate(exc, doing) from exc
    except BaseException:
        _rollback(connection)
        raise


def _set_synchronous(connection: apsw.Connection, level: str, doing: str) -> None:
    try:
        connection.pragma("synchronous", level)
    except apsw.Error as exc:
        raise translate(exc, doing) from exc


@contextmanager
def read_transaction(connection: apsw.Connection, doing: str) -> Iterator[apsw.Connection]:
    """Run several reads on one consistent snapshot (a deferred transaction that never writes)."""
    with connection_lock(connection):
        _refuse_nesting(connection, doing)
        try:
            connection.execute("BEGIN DEFERRED")
            try:
                yield connection
            finally:
                _rollback(connection)
        except apsw.Error as exc:
            raise translate(exc, doing) from exc


def fetch_all(
    connection: apsw.Connection,
    doing: str,
    sql: str,
    bindings: tuple[Any, ...] = (),
) -> list[tuple[Any, ...]]:
    """Run one read statement (autocommit) and return its rows."""
    with connection_lock(connection):
        try:
            return list(connection.execute(sql, bindings))
        except apsw.Error as exc:
            raise translate(exc, doing) from exc


def _refuse_nesting(connection: apsw.Connection, doing: str) -> None:
    if connection.in_transaction:
        raise StorageError(f"{doing}: the connection is already inside a transaction (nested store calls?)")


def _rollback(connection: apsw.Connection) -> None:
    if not connection.in_transaction:
        return
    # The caller's error matters more; SQLite rolls an open transaction back when the connection closes
    with suppress(apsw.Error):
        connection.execute("ROLLBACK")
