"""`alphaengine user list|disable|enable|delete` and `user api-key list|revoke`: the user and key lifecycle.

Each command opens the database's user store, does one thing and prints what it did (or one line saying why not).
User-controlled text (key labels) is printed escaped, so a label cannot forge terminal output.
"""

from __future__ import annotations

from argparse import Namespace
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

from adapters.sqlite.user_store import SqliteUserStore
from adapters.system.clock import SystemClock
from domain.text import shown
from domain.times import format_utc
from entrypoints.web.security.accounts import EXIT_CONFIG, EXIT_FAILURE, add_api_key_command, user_store
from ports.errors import StorageError
from ports.user_store import ApiKey, Role, UnknownUser, User, check_user_name

ABSENT = "-"


def list_users_command(database: Path, out: TextIO, err: TextIO) -> int:
    """One row per user: name, role, disabled since, created, how many of its API keys still work."""

    def show(users: SqliteUserStore) -> int:
        now = SystemClock().now()
        keys = users.api_keys()
        rows = [
            [
                user.name,
                user.role.value,
                _when(user.disabled_at),
                _when(user.created_at),
                str(sum(1 for key in keys if key.user_name == user.name and key.status(now) == "active")),
            ]
            for user in users.users()
        ]
        _table(["NAME", "ROLE", "DISABLED", "CREATED", "KEYS"], rows, out)
        return 0

    return _run(database, err, show)


def set_disabled_command(database: Path, name: str, disabled: bool, out: TextIO, err: TextIO) -> int:
    """Disable `name` (its logins, sessions and keys stop at their next request) or enable it again."""

    def change(users: SqliteUserStore) -> int:
        user = _user(users, name)
        if (user.disabled_at is not None) == disabled:
            state = f"disabled since {_when(user.disabled_at)}" if disabled else "enabled"
            print(f"web user {name!r} is already {state}", file=out)
            return 0
        users.set_disabled(name, SystemClock().now() if disabled else None)
        said = "disabled: it can no longer log in, and its sessions and API keys stop" if disabled else "enabled"
        print(f"web user {name!r} {said}", file=out)
        return 0

    return _run(database, err, change)


def delete_user_command(database: Path, name: str, confirmed: bool, out: TextIO, err: TextIO) -> int:
    """Delete `name` and its API keys (its sessions stop at their next request); needs --yes."""
    try:
        check_user_name(name)
    except ValueError as exc:
        print(f"alphaengine: error: NAME: {exc}", file=err)
        return EXIT_CONFIG
    if not confirmed:
        print(f"alphaengine: error: --yes: deleting {name!r} and its API keys cannot be undone; add --yes", file=err)
        return EXIT_CONFIG

    def delete(users: SqliteUserStore) -> int:
        _user(users, name)
        count = sum(1 for key in users.api_keys() if key.user_name == name)
        users.remove_user(name)
        print(
            f"deleted web user {name!r} and its {count} API key(s); its sessions stop at their next request", file=out
        )
        return 0

    return _run(database, err, delete)


def list_keys_command(database: Path, name: str | None, out: TextIO, err: TextIO) -> int:
    """One row per API key (of `name` only, if given), revoked and expired ones too; never a secret."""

    def show(users: SqliteUserStore) -> int:
        if name is not None:
            _user(users, name)
        now = SystemClock().now()
        rows = [_key_row(key, now) for key in users.api_keys() if name is None or key.user_name == name]
        headers = ["ID", "USER", "LABEL", "ROLE", "STATUS", "CREATED", "EXPIRES", "LAST USED", "FROM", "REVOKED"]
        _table(headers, rows, out)
        return 0

    return _run(database, err, show)


def revoke_key_command(database: Path, key_id: str, out: TextIO, err: TextIO) -> int:
    """Revoke API key `key_id`: its next request is refused; it stays listed as revoked."""

    def revoke(users: SqliteUserStore) -> int:
        key = next((key for key in users.api_keys() if key.key_id == key_id), None)
        if key is None:
            print(f"alphaengine: error: KEY_ID: no API key {key_id!r}; see `alphaengine user api-key list`", file=err)
            return EXIT_FAILURE
        if not users.revoke_api_key(key_id, SystemClock().now()):
            print(f"API key {key_id} of {key.user_name!r} was already revoked at {_when(key.revoked_at)}", file=out)
            return 0
        print(f"revoked API key {key_id} of {key.user_name!r}: its next request is refused", file=out)
        return 0

    return _run(database, err, revoke)


def _run(database: Path, err: TextIO, work: Callable[[SqliteUserStore], int]) -> int:
    try:
        with user_store(database) as users:
            return work(users)
    except UnknownUser as exc:
        print(f"alphaengine: error: NAME: {exc}; see `alphaengine user list`", file=err)
    except (ValueError, StorageError) as exc:
        print(f"alphaengine: error: {exc}", file=err)
    return EXIT_FAILURE


def _user(users: SqliteUserStore, name: str) -> User:
    user = users.get_user(check_user_name(name))
    if user is None:
        raise UnknownUser(name)
    return user


def _key_row(key: ApiKey, now: datetime) -> list[str]:
    return [
        key.key_id,
        key.user_name,
        shown(key.label) or ABSENT,
        key.role.value,
        key.status(now),
        _when(key.created_at),
        _when(key.expires_at),
        _when(key.last_used_at),
        shown(key.last_used_from) if key.last_used_from else ABSENT,
        _when(key.revoked_at),
    ]


def _when(moment: datetime | None) -> str:
    return ABSENT if moment is None else format_utc(moment)[:19] + "Z"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=False)]
    for row in (headers, *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip(), file=out)


def user_command(database: Path, args: Namespace, out: TextIO, err: TextIO) -> int:
    """`user list|disable|enable|delete` as parsed by the CLI (args.action, args.name, args.yes)."""
    if args.action == "list":
        return list_users_command(database, out, err)
    if args.action == "delete":
        return delete_user_command(database, args.name, args.yes, out, err)
    return set_disabled_command(database, args.name, args.action == "disable", out, err)


def api_key_command(database: Path, args: Namespace, out: TextIO, err: TextIO) -> int:
    """`user api-key NAME | create NAME | list [NAME] | revoke KEY_ID` as parsed by the CLI (args.words, options)."""
    action, *rest = args.words
    if action not in KEY_ACTIONS:
        action, rest = "create", args.words
    if len(rest) > 1 or (action != "list" and not rest):
        print(f"alphaengine: error: api-key {action}: {KEY_ACTIONS[action]}", file=err)
        return EXIT_CONFIG
    if action != "create":
        given = [flag for flag, value in _key_options(args) if value]
        if given:
            print(f"alphaengine: error: {given[0]}: only for making a key, not for `api-key {action}`", file=err)
            return EXIT_CONFIG
        if action == "list":
            return list_keys_command(database, rest[0] if rest else None, out, err)
        return revoke_key_command(database, rest[0], out, err)
    role = None if args.role is None else Role(args.role)
    return add_api_key_command(database, rest[0], args.label, out, err, role, args.expires_in, args.expires)


KEY_ACTIONS = {
    "create": "give one user NAME (`api-key create NAME` makes a key for a user named list, revoke or create)",
    "list": "give at most one user's NAME",
    "revoke": "give the KEY_ID to revoke (see `alphaengine user api-key list`)",
}


def _key_options(args: Namespace) -> list[tuple[str, object]]:
    return [
        ("--label", args.label),
        ("--role", args.role),
        ("--expires-in", args.expires_in is not None),
        ("--expires", args.expires),
    ]
