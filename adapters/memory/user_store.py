"""Web users and API keys kept in process memory, with the SQLite store's rules."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime, timedelta

from ports.user_store import ApiKey, ApiKeyExists, Role, UnknownUser, User, UserExists, UserStore, check_address


class InMemoryUserStore(UserStore):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Users and keys are frozen dataclasses, so handing them out shares nothing mutable
        self._users: dict[str, User] = {}
        self._keys: dict[str, ApiKey] = {}

    def add_user(self, user: User) -> None:
        with self._lock:
            if user.name in self._users:
                raise UserExists(user.name)
            self._users[user.name] = user

    def set_password(self, name: str, password_hash: str) -> None:
        if not password_hash:
            raise ValueError(f"user {name!r} needs a password hash")
        with self._lock:
            if name not in self._users:
                raise UnknownUser(name)
            self._users[name] = replace(self._users[name], password_hash=password_hash)

    def set_role(self, name: str, role: Role) -> None:
        with self._lock:
            if name not in self._users:
                raise UnknownUser(name)
            self._users[name] = replace(self._users[name], role=Role(role))

    def set_disabled(self, name: str, at: datetime | None) -> None:
        with self._lock:
            if name not in self._users:
                raise UnknownUser(name)
            self._users[name] = replace(self._users[name], disabled_at=at)

    def remove_user(self, name: str) -> bool:
        with self._lock:
            if self._users.pop(name, None) is None:
                return False
            # As SQLite's ON DELETE CASCADE does
            self._keys = {key_id: key for key_id, key in self._keys.items() if key.user_name != name}
            return True

    def get_user(self, name: str) -> User | None:
        with self._lock:
            return self._users.get(name)

    def users(self) -> list[User]:
        with self._lock:
            return [self._users[name] for name in sorted(self._users)]

    def add_api_key(self, key: ApiKey) -> None:
        with self._lock:
            if key.user_name not in self._users:
                raise UnknownUser(key.user_name)
            if key.key_id in self._keys or any(k.key_hash == key.key_hash for k in self._keys.values()):
                raise ApiKeyExists(key.key_id)
            self._keys[key.key_id] = key

    def api_key_by_hash(self, key_hash: str) -> ApiKey | None:
        with self._lock:
            return next((k for k in self._keys.values() if k.key_hash == key_hash), None)

    def api_keys(self) -> list[ApiKey]:
        with self._lock:
            return [self._keys[key_id] for key_id in sorted(self._keys)]

    def remove_api_key(self, key_id: str) -> bool:
        with self._lock:
            return self._keys.pop(key_id, None) is not None

    def revoke_api_key(self, key_id: str, at: datetime) -> bool:
        with self._lock:
            key = self._keys.get(key_id)
            if key is None or key.revoked_at is not None:
                return False
            self._keys[key_id] = replace(key, revoked_at=at)
            return True

    def record_api_key_use(self, key_id: str, at: datetime, address: str, every: timedelta) -> bool:
        check_address(address)
        with self._lock:
            key = self._keys.get(key_id)
            if key is None or (key.last_used_at is not None and key.last_used_at > at - every):
                return False
            self._keys[key_id] = replace(key, last_used_at=at, last_used_from=address)
            return True
