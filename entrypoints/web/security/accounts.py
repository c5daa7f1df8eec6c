"""`alphaengine user add|api-key NAME`: create a web user (password piped or typed twice) or an automation API key."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from adapters.sqlite.connection import open_database
from adapters.sqlite.user_store import SqliteUserStore
from adapters.system.clock import SystemClock
from domain.times import format_utc
from entrypoints.web.security.api_keys import (
    HEADER,
    KeyRefused,
    expiry_at,
    expiry_in_days,
    key_label,
    key_scope,
    new_api_key,
)
from entrypoints.web.security.passwords import check_password, hash_password
from ports.errors import StorageError
from ports.user_store import Role, UnknownUser, User, check_user_name

EXIT_FAILURE, EXIT_CONFIG = 1, 2


class AccountError(Exception):
    """The account cannot be created as asked; the message is one line for the terminal."""


def read_password(stdin: TextIO, user_name: str = "", prompt: Callable[[str], str] = getpass.getpass) -> str:
    """The first line of stdin when it is piped, else the password typed twice without echo; checked for `user_name`."""
    if not stdin.isatty():
        password = stdin.readline().rstrip("\r\n")
    else:
        password = prompt("Password: ")
        if prompt("Repeat the password: ") != password:
            raise AccountError("the two passwords differ")
    try:
        check_password(password, user_name)
    except ValueError as exc:
        raise AccountError(str(exc)) from None
    return password


def add_user_command(
    database: Path, name: str, stdin: TextIO, out: TextIO, err: TextIO, role: Role = Role.ADMIN
) -> int:
    """Create user `name` with `role` in `database`; print one line saying what happened."""
    try:
        check_user_name(name)
        password_hash = hash_password(read_password(stdin, name))
        with user_store(database) as users:
            users.add_user(User(name, password_hash, SystemClock().now(), role))
    except (AccountError, ValueError, StorageError) as exc:
        print(f"alphaengine: error: {exc}", file=err)
        return EXIT_FAILURE
    print(f"added web user {name!r} ({role.value})", file=out)
    return 0


def add_api_key_command(
    database: Path,
    name: str,
    label: str,
    out: TextIO,
    err: TextIO,
    role: Role | None = None,
    expires_in: int | None = None,
    expires: str | None = None,
) -> int:
    """Create an API key for user `name`, scoped to `role` (default: its role); printed once, never stored in clear.

    expires_in (days) or expires (an ISO-8601 time): when it stops working; never when neither is given.
    """
    now = SystemClock().now()
    try:
        label = key_label(label, "--label")
        expires_at = expiry_in_days(now, expires_in, "--expires-in") if expires_in is not None else None
        if expires is not None:
            expires_at = expiry_at(now, expires, "--expires")
    except KeyRefused as exc:
        print(f"alphaengine: error: {exc}", file=err)
        return EXIT_CONFIG
    try:
        with user_store(database) as users:
            owner = users.get_user(name)
            if owner is None:
                raise UnknownUser(name)
            text, record = new_api_key(name, label, now, key_scope(owner, role, "--role"), expires_at)
            users.add_api_key(record)
    except UnknownUser as exc:
        print(f"alphaengine: error: {exc} (add it first with `alphaengine user add {name}`)", file=err)
        return EXIT_FAILURE
    except (ValueError, StorageError) as exc:
        print(f"alphaengine: error: {exc}", file=err)
        return EXIT_FAILURE
    until = "never expires" if expires_at is None else f"expires {format_utc(expires_at)[:19]}Z"
    print(
        f"API key {record.key_id} for {name!r} ({record.role.value}, {until}; send it as the {HEADER} header; "
        "it is shown only now):",
        file=out,
    )
    print(text, file=out)
    return 0


@contextmanager
def user_store(database: Path) -> Iterator[SqliteUserStore]:
    connection = open_database(database)
    try:
        yield SqliteUserStore(connection)
    finally:
        connection.close()
