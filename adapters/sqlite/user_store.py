"""Web users and API keys in the shared SQLite file (tables of migrations 0004 and 0010)."""

from __future__ import annotations

from typing import Any

import apsw

from adapters.sqlite.transactions import fetch_all, write_transaction
from domain.times import format_utc, parse_utc
from ports.user_store import ApiKey, ApiKeyExists, Role, UnknownUser, User, UserExists, UserStore

_USERS = "SELECT name, password_hash, created_at, role FROM web_users"
_KEYS = "SELECT key_id, key_hash, user_name, label, created_at FROM web_api_keys"


class SqliteUserStore(UserStore):
    def __init__(self, connection: apsw.Connection) -> None:
        self._connection = connection

    def add_user(self, user: User) -> None:
        with write_transaction(self._connection, f"add user {user.name!r}") as db:
            if db.execute("SELECT 1 FROM web_users WHERE name = ?", (user.name,)).get:
                raise UserExists(user.name)
            db.execute(
                "INSERT INTO web_users (name, password_hash, created_at, role) VALUES (?, ?, ?, ?)",
                (user.name, user.password_hash, format_utc(user.created_at), user.role.value),
            )

    def set_password(self, name: str, password_hash: str) -> None:
        if not password_hash:
            raise ValueError(f"user {name!r} needs a password hash")
        with write_transaction(self._connection, f"set the password of {name!r}") as db:
            db.execute("UPDATE web_users SET password_hash = ? WHERE name = ?", (password_hash, name))
            if self._connection.changes() == 0:
                raise UnknownUser(name)

    def set_role(self, name: str, role: Role) -> None:
        with write_transaction(self._connection, f"set the role of {name!r}") as db:
            db.execute("UPDATE web_users SET role = ? WHERE name = ?", (Role(role).value, name))
            if self._connection.changes() == 0:
                raise UnknownUser(name)

    def get_user(self, name: str) -> User | None:
        rows = fetch_all(self._connection, f"read user {name!r}", f"{_USERS} WHERE name = ?", (name,))
        return _user(rows[0]) if rows else None

    def users(self) -> list[User]:
        return [_user(row) for row in fetch_all(self._connection, "read users", f"{_USERS} ORDER BY name")]

    def add_api_key(self, key: ApiKey) -> None:
        with write_transaction(self._connection, f"add API key {key.key_id!r}") as db:
            if not db.execute("SELECT 1 FROM web_users WHERE name = ?", (key.user_name,)).get:
                raise UnknownUser(key.user_name)
            taken = "SELECT 1 FROM web_api_keys WHERE key_id = ? OR key_hash = ?"
            if db.execute(taken, (key.key_id, key.key_hash)).get:
                raise ApiKeyExists(key.key_id)
            db.execute(
                "INSERT INTO web_api_keys (key_id, key_hash, user_name, label, created_at) VALUES (?, ?, ?, ?, ?)",
                (key.key_id, key.key_hash, key.user_name, key.label, format_utc(key.created_at)),
            )

    def api_key_by_hash(self, key_hash: str) -> ApiKey | None:
        rows = fetch_all(self._connection, "look up an API key", f"{_KEYS} WHERE key_hash = ?", (key_hash,))
        return _key(rows[0]) if rows else None

    def api_keys(self) -> list[ApiKey]:
        return [_key(row) for row in fetch_all(self._connection, "read API keys", f"{_KEYS} ORDER BY key_id")]

    def remove_api_key(self, key_id: str) -> bool:
        with write_transaction(self._connection, f"remove API key {key_id!r}") as db:
            db.execute("DELETE FROM web_api_keys WHERE key_id = ?", (key_id,))
            return self._connection.changes() > 0


def _user(row: tuple[Any, ...]) -> User:
    name, password_hash, created_at, role = row
    return User(name, password_hash, parse_utc(created_at), Role(role))


def _key(row: tuple[Any, ...]) -> ApiKey:
    key_id, key_hash, user_name, label, created_at = row
    return ApiKey(key_id, key_hash, user_name, label, parse_utc(created_at))
