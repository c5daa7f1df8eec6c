"""The database's identity kept in process memory, with the SQLite store's rule."""

from __future__ import annotations

import threading

from ports.database_identity import DatabaseIdentity, IdentityStore, bound, rebound


class InMemoryIdentityStore(IdentityStore):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._identity: DatabaseIdentity | None = None

    def bind(self, identity: DatabaseIdentity) -> DatabaseIdentity:
        with self._lock:
            self._identity = bound(self._identity, identity)
            return self._identity

    def rebind(self, expected: DatabaseIdentity, account: str) -> DatabaseIdentity | None:
        with self._lock:
            self._identity = rebound(self._identity, expected, account)
            return self._identity

    def read(self) -> DatabaseIdentity | None:
        with self._lock:
            return self._identity
