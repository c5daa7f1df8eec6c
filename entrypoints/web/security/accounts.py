"""`alphaengine user add|api-key`: create a web user (password piped or typed twice) or an automation API key."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from adapters.sqlite.connection import open_database
from adapters.sqlite.user_store import SqliteUserStore
from adapters.system.clock import SystemClock
from entrypoints.web.security.api_keys import HEADER, new_api_key
from entrypoints.web.security.passwords import check_password, hash_password
from ports.errors import StorageError
from ports.user_store import Role, UnknownUser, User, check_user_name

EXIT_FAILURE = 1


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
        with _user_store(database) as users:
            users.add_user(User(name, password_hash, SystemClock().now(), role))
    except (AccountError, ValueError, StorageError) as exc:
        print(f"alphaengine: error: {exc}", file=err)
        return EXIT_FAILURE
    print(f"added web user {name!r} ({role.value})", file=out)
    return 0


def add_api_key_command(database: Path, name: str, label: str, out: TextIO, err: TextIO) -> int:
    """Create an API key for user `name`; the key is printed once and never stored in clear."""
    try:
        text, record = new_api_key(name, label, SystemClock().now())
        with _user_store(database) as users:
            users.add_api_key(record)
    except UnknownUser as exc:
        print(f"alphaengine: error: {exc} (add it first with `alphaengine user add {name}`)", file=err)
        return EXIT_FAILURE
    except (ValueError, StorageError) as exc:
        print(f"alphaengine: error: {exc}", file=err)
        return EXIT_FAILURE
    print(f"API key {record.key_id} for {name!r} (send it as the {HEADER} header; it is shown only now):", file=out)
    print(text, file=out)
    return 0


@contextmanager
def _user_store(database: Path) -> Iterator[SqliteUserStore]:
    connection = open_database(database)
    try:
        yield SqliteUserStore(connection)
    finally:
        connection.close()
