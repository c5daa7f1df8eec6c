"""Web users and API keys in the shared SQLite file (tables of migrations 0004 and 0010)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import apsw

from adapters.sqlite.transactions import fetch_all, write_transaction
from domain.times import format_utc, parse_utc
from ports.user_store import ApiKey, ApiKeyExists, Role, UnknownUser, User, UserExists, UserStore, check_address

_USERS = "SELECT name, password_hash, created_at, role, disabled_at FROM web_users"
_KEYS = (
    "SELECT key_id, key_hash, user_name, label, created_at, role, expires_at, last_used_at, last_used_from, "
    "revoked_at FROM web_api_keys"
)
# The throttle is in the statement, so two requests racing past the reader's check still write once a period
_USE = (
    "UPDATE web_api_keys SET last_used_at = ?, last_used_from = ? "
    "WHERE key_id = ? AND (last_used_at IS NULL OR last_used_at <= ?)"
)


class SqliteUserStore(UserStore):
    def __init__(self, connection: apsw.Connection) -> None:
        self._connection = connection

    def add_user(self, user: User) -> None:
        with write_transaction(self._connection, f"add user {user.name!r}") as db:
            if db.execute("SELECT 1 FROM web_users WHERE name = ?", (user.name,)).get:
                raise UserExists(user.name)
            db.execute(
                "INSERT INTO web_users (name, password_hash, created_at, role, disabled_at) VALUES (?, ?, ?, ?, ?)",
                (user.name, user.password_hash, format_utc(user.created_at), user.role.value, _time(user.disabled_at)),
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

    def set_disabled(self, name: str, at: datetime | None) -> None:
        with write_transaction(self._connection, f"disable or enable {name!r}") as db:
            db.execute("UPDATE web_users SET disabled_at = ? WHERE name = ?", (_time(at), name))
            if self._connection.changes() == 0:
                raise UnknownUser(name)

    def remove_user(self, name: str) -> bool:
        # The keys go with it: web_api_keys.user_name cascades (foreign keys are on for every connection)
        with write_transaction(self._connection, f"remove user {name!r}") as db:
            db.execute("DELETE FROM web_users WHERE name = ?", (name,))
            return self._connection.changes() > 0

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
                "INSERT INTO web_api_keys (key_id, key_hash, user_name, label, created_at, role, expires_at, "
                "last_used_at, last_used_from, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key.key_id,
                    key.key_hash,
                    key.user_name,
                    key.label,
                    format_utc(key.created_at),
                    key.role.value,
                    _time(key.expires_at),
                    _time(key.last_used_at),
                    key.last_used_from,
                    _time(key.revoked_at),
                ),
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

    def revoke_api_key(self, key_id: str, at: datetime) -> bool:
        with write_transaction(self._connection, f"revoke API key {key_id!r}") as db:
            db.execute(
                "UPDATE web_api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL",
                (format_utc(at), key_id),
            )
            return self._connection.changes() > 0

    def record_api_key_use(self, key_id: str, at: datetime, address: str, every: timedelta) -> bool:
        check_address(address)
        # Only a convenience for the operator: a crash may lose it, so it does not wait for the disk (ADR 0042)
        with write_transaction(self._connection, f"record the use of API key {key_id!r}", durable=False) as db:
            db.execute(_USE, (format_utc(at), address, key_id, format_utc(at - every)))
            return self._connection.changes() > 0


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else format_utc(moment)


def _moment(text: str | None) -> datetime | None:
    return None if text is None else parse_utc(text)


def _user(row: tuple[Any, ...]) -> User:
    name, password_hash, created_at, role, disabled_at = row
    return User(name, password_hash, parse_utc(created_at), Role(role), _moment(disabled_at))


def _key(row: tuple[Any, ...]) -> ApiKey:
    key_id, key_hash, user_name, label, created_at, role, expires_at, last_used_at, last_used_from, revoked_at = row
    return ApiKey(
        key_id,
        key_hash,
        user_name,
        label,
        parse_utc(created_at),
        Role(role),
        _moment(expires_at),
        _moment(last_used_at),
        last_used_from,
        _moment(revoked_at),
    )
