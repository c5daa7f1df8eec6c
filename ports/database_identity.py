"""What a database belongs to: one mode and one exchange account, recorded by the first process that uses it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from domain.values import Mode


@dataclass(frozen=True)
class DatabaseIdentity:
    """A mode and the account's fingerprint (never a key); account None: bound by a process that holds no key."""

    mode: Mode
    account: str | None = None

    def admits(self, mode: Mode, account: str | None) -> bool:
        """Whether a process in `mode` on `account` (None: it does not know one) may use this database."""
        return self.mode is mode and (account is None or self.account is None or self.account == account)


def bound(stored: DatabaseIdentity | None, wanted: DatabaseIdentity) -> DatabaseIdentity:
    """The bind rule every store applies inside its write lock: the first writer wins; an unknown account is filled
    in by the first process of the same mode that knows it."""
    if stored is None:
        return wanted
    if stored.account is None and wanted.account is not None and stored.mode is wanted.mode:
        return DatabaseIdentity(stored.mode, wanted.account)
    return stored


def rebound(stored: DatabaseIdentity | None, expected: DatabaseIdentity, account: str) -> DatabaseIdentity | None:
    """The rebind rule every store applies inside its write lock: only a stored identity still equal to `expected`
    takes the new account; its mode never changes (ADR 0051)."""
    if stored is None or stored != expected:
        return stored
    return DatabaseIdentity(stored.mode, account)


class IdentityStore(ABC):
    """One identity per database, written once (its account changes only by an explicit rebind); callers compare it with
    their own mode and account."""

    @abstractmethod
    def bind(self, identity: DatabaseIdentity) -> DatabaseIdentity:
        """Record `identity` if none is stored (or its account if the stored one lacks it); return the stored one."""

    @abstractmethod
    def rebind(self, expected: DatabaseIdentity, account: str) -> DatabaseIdentity | None:
        """Replace the account if the stored identity is still `expected` (mode kept); return what is stored after."""

    @abstractmethod
    def read(self) -> DatabaseIdentity | None:
        """Return the stored identity, or None while no process has bound the database."""
