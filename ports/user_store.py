"""Web users and their automation API keys (login sessions are the session store's, ADR 0083)."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ports.errors import StorageError

USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
KEY_ID = re.compile(r"[a-z0-9]{4,32}")
KEY_HASH = re.compile(r"[0-9a-f]{64}")


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

    def __post_init__(self) -> None:
        check_user_name(self.name)
        if not isinstance(self.password_hash, str) or not self.password_hash:
            raise ValueError(f"user {self.name!r} needs a password hash")
        _check_aware(self.created_at, "created_at")
        if not isinstance(self.role, Role):
            raise ValueError(f"user {self.name!r}: role must be one of {', '.join(r.value for r in Role)}")


@dataclass(frozen=True)
class ApiKey:
    """An automation key: the public key_id names it, only the SHA-256 hex of the whole key is kept."""

    key_id: str
    key_hash: str
    user_name: str
    label: str
    created_at: datetime

    def __post_init__(self) -> None:
        if not isinstance(self.key_id, str) or not KEY_ID.fullmatch(self.key_id):
            raise ValueError(f"API key id {self.key_id!r} must be 4-32 lowercase letters or digits")
        if not isinstance(self.key_hash, str) or not KEY_HASH.fullmatch(self.key_hash):
            raise ValueError("API key hash must be 64 lowercase hex digits (SHA-256)")
        check_user_name(self.user_name)
        if not isinstance(self.label, str):
            raise ValueError(f"API key label must be text, got {self.label!r}")
        _check_aware(self.created_at, "created_at")


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
