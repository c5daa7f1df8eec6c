"""Web users and their automation API keys (login sessions are the session store's, ADR 0083)."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from ports.errors import StorageError

USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
KEY_ID = re.compile(r"[a-z0-9]{4,32}")
KEY_HASH = re.compile(r"[0-9a-f]{64}")
# An IP address as text (IPv6 at most 45 characters) or 'unknown'
MAX_ADDRESS_LENGTH = 64


class UserExists(StorageError):
    def __init__(self, name: str) -> None:
        super().__init__(f"user {name!r} already exists")
        self.name = name


class UnknownUser(StorageError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no user named {name!r}")
        self.name = name


class ApiKeyExists(StorageError):
    def __init__(self, key_id: str) -> None:
        super().__init__(f"an API key with id {key_id!r} or the same hash already exists")
        self.key_id = key_id


class Role(str, Enum):
    """What a user may do on the panel (issue 15); each role may do everything of the roles before it."""

    VIEWER = "viewer"  # reads
    TRADER = "trader"  # pause/resume, cancel, close
    ADMIN = "admin"  # settings, risk, leverage, users and keys

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        """True when this role may do what `needed` may."""
        return self.rank >= needed.rank


def check_user_name(name: str) -> str:
    """Return `name` if it is 1–64 letters, digits, '.', '_', '@' or '-' starting with a letter or digit."""
    if not isinstance(name, str) or not USER_NAME.fullmatch(name):
        raise ValueError(
            f"user name {name!r} must be 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit",
        )
    return name


def _check_aware(moment: datetime, what: str) -> None:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {moment!r}")


@dataclass(frozen=True)
class User:
    """A dashboard user; password_hash is a self-describing KDF string (never the password)."""

    name: str
    password_hash: str
    created_at: datetime
    # Users made before roles existed could do everything: they are admins
    role: Role = Role.ADMIN
    # Set: the user can neither log in nor use its sessions or keys until enabled again
    disabled_at: datetime | None = None

    def __post_init__(self) -> None:
        check_user_name(self.name)
        if not isinstance(self.password_hash, str) or not self.password_hash:
            raise ValueError(f"user {self.name!r} needs a password hash")
        _check_aware(self.created_at, "created_at")
        if not isinstance(self.role, Role):
            raise ValueError(f"user {self.name!r}: role must be one of {', '.join(r.value for r in Role)}")
        if self.disabled_at is not None:
            _check_aware(self.disabled_at, "disabled_at")


@dataclass(frozen=True)
class ApiKey:
    """An automation key: the public key_id names it, only the SHA-256 hex of the whole key is kept."""

    key_id: str
    key_hash: str
    user_name: str
    label: str
    created_at: datetime
    # The most the key may do; at each request it acts with the lower of this and its owner's current role.
    # Keys made before scopes acted with their owner's full role, which scope ADMIN keeps
    role: Role = Role.ADMIN
    expires_at: datetime | None = None
    last_used_at: datetime | None = None
    last_used_from: str | None = None
    revoked_at: datetime | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.key_id, str) or not KEY_ID.fullmatch(self.key_id):
            raise ValueError(f"API key id {self.key_id!r} must be 4-32 lowercase letters or digits")
        if not isinstance(self.key_hash, str) or not KEY_HASH.fullmatch(self.key_hash):
            raise ValueError("API key hash must be 64 lowercase hex digits (SHA-256)")
        check_user_name(self.user_name)
        if not isinstance(self.label, str):
            raise ValueError(f"API key label must be text, got {self.label!r}")
        _check_aware(self.created_at, "created_at")
        if not isinstance(self.role, Role):
            raise ValueError(f"API key {self.key_id!r}: role must be one of {', '.join(r.value for r in Role)}")
        for name in ("expires_at", "last_used_at", "revoked_at"):
            moment = getattr(self, name)
            if moment is not None:
                _check_aware(moment, name)
        if self.last_used_from is not None:
            check_address(self.last_used_from)

    def status(self, now: datetime) -> str:
        """'revoked', 'expired' (at or after expires_at) or 'active'; revocation wins over expiry."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and now >= self.expires_at:
            return "expired"
        return "active"


def check_address(address: str) -> str:
    """Return `address` if it is 1-64 characters of text (a client IP or 'unknown')."""
    if not isinstance(address, str) or not 0 < len(address) <= MAX_ADDRESS_LENGTH:
        raise ValueError(f"a client address must be 1-{MAX_ADDRESS_LENGTH} characters, got {address!r}")
    return address


class UserStore(ABC):
    @abstractmethod
    def add_user(self, user: User) -> None:
        """Store a new user; UserExists if the name is taken (names are case-sensitive)."""

    @abstractmethod
    def set_password(self, name: str, password_hash: str) -> None:
        """Replace the password hash of `name`; UnknownUser if there is no such user."""

    @abstractmethod
    def set_role(self, name: str, role: Role) -> None:
        """Give `name` the role `role`; UnknownUser if there is no such user."""

    @abstractmethod
    def set_disabled(self, name: str, at: datetime | None) -> None:
        """Disable `name` from `at`, or enable it again with None; UnknownUser if there is no such user."""

    @abstractmethod
    def remove_user(self, name: str) -> bool:
        """Delete `name` together with all its API keys; True if it existed."""

    @abstractmethod
    def get_user(self, name: str) -> User | None:
        """Return the user called `name`, or None."""

    @abstractmethod
    def users(self) -> list[User]:
        """Return every user, sorted by name."""

    @abstractmethod
    def add_api_key(self, key: ApiKey) -> None:
        """Store an API key; UnknownUser if its user does not exist, ApiKeyExists if its id or hash is taken."""

    @abstractmethod
    def api_key_by_hash(self, key_hash: str) -> ApiKey | None:
        """Return the key whose SHA-256 hex is `key_hash`, or None."""

    @abstractmethod
    def api_keys(self) -> list[ApiKey]:
        """Return every API key, sorted by key_id."""

    @abstractmethod
    def remove_api_key(self, key_id: str) -> bool:
        """Delete the key `key_id`; True if it existed."""

    @abstractmethod
    def revoke_api_key(self, key_id: str, at: datetime) -> bool:
        """Mark key `key_id` revoked at `at`; True if it existed and was not revoked yet (the first time is kept)."""

    @abstractmethod
    def record_api_key_use(self, key_id: str, at: datetime, address: str, every: timedelta) -> bool:
        """Store `at` and `address` as key_id's last use unless the stored one is under `every` before; True if so."""
