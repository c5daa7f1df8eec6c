"""`alphaengine user add NAME` (password from piped stdin) and `alphaengine user api-key NAME`, run as users do."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from adapters.sqlite.connection import open_database
from adapters.sqlite.user_store import SqliteUserStore
from entrypoints.web.security.accounts import AccountError, read_password
from entrypoints.web.security.api_keys import key_digest
from entrypoints.web.security.passwords import verify_password
from ports.user_store import ApiKey, Role, User

REPO = Path(__file__).resolve().parents[3]


def alphaengine(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALPHAENGINE_")}
    return subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", "--db", str(db), *args],
        input=stdin,
        cwd=REPO,
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def stored_user(db: Path, name: str) -> User | None:
    return _read(db, lambda users: users.get_user(name))


def stored_keys(db: Path) -> list[ApiKey]:
    return _read(db, lambda users: users.api_keys())


def _read(db: Path, query: Callable[[SqliteUserStore], Any]) -> Any:
    connection = open_database(db)
    try:
        return query(SqliteUserStore(connection))
    finally:
        connection.close()


def test_user_add_reads_the_password_from_piped_stdin_and_stores_only_its_hash(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"

    result = alphaengine(db, "user", "add", "alice", stdin="correct horse battery\n")

    user = stored_user(db, "alice")
    assert result.returncode == 0, result.stderr
    assert "added web user 'alice'" in result.stdout
    assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert verify_password("correct horse battery", user.password_hash)
    assert b"correct horse battery" not in db.read_bytes()


def test_user_add_gives_the_role_asked_for_and_admin_by_default(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"

    viewer = alphaengine(db, "user", "add", "vera", "--role", "viewer", stdin="correct horse battery\n")
    admin = alphaengine(db, "user", "add", "alice", stdin="correct horse battery\n")
    refused = alphaengine(db, "user", "add", "root", "--role", "root", stdin="correct horse battery\n")

    assert (viewer.returncode, admin.returncode) == (0, 0)
    assert "added web user 'vera' (viewer)" in viewer.stdout and "added web user 'alice' (admin)" in admin.stdout
    assert (stored_user(db, "vera").role, stored_user(db, "alice").role) == (Role.VIEWER, Role.ADMIN)
    assert refused.returncode == 2 and "--role: invalid choice: 'root'" in refused.stderr
    assert stored_user(db, "root") is None


def test_adding_an_existing_user_fails_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    alphaengine(db, "user", "add", "alice", stdin="correct horse battery\n")

    result = alphaengine(db, "user", "add", "alice", stdin="another password\n")

    assert result.returncode == 1
    assert result.stderr.strip() == "alphaengine: error: user 'alice' already exists"
    assert verify_password("correct horse battery", stored_user(db, "alice").password_hash)


@pytest.mark.parametrize(
    ("name", "stdin", "problem"),
    [
        ("alice", "short\n", "password: shorter than 12 characters; choose a passphrase"),
        ("alice", "aaaaaaaaaaaa\n", "password: too easy to guess"),
        ("alice", "alice-in-wonderland-1951\n", "password: contains the user name"),
        ("bad name", "correct horse battery\n", "user name"),
    ],
    ids=["short-password", "common-password", "name-based-password", "bad-name"],
)
def test_a_bad_name_or_password_fails_with_one_line_and_adds_nobody(
    tmp_path: Path,
    name: str,
    stdin: str,
    problem: str,
) -> None:
    db = tmp_path / "db.sqlite3"

    result = alphaengine(db, "user", "add", name, stdin=stdin)

    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1 and problem in result.stderr
    assert not db.exists() or stored_user(db, name) is None


def test_user_api_key_prints_a_key_once_and_stores_its_hash(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    alphaengine(db, "user", "add", "bot", stdin="correct horse battery\n")

    result = alphaengine(db, "user", "api-key", "bot", "--label", "ci")

    key = result.stdout.splitlines()[-1]
    [record] = stored_keys(db)
    assert result.returncode == 0, result.stderr
    assert (record.user_name, record.label, record.key_hash) == ("bot", "ci", key_digest(key))


def test_an_api_key_for_an_unknown_user_is_refused(tmp_path: Path) -> None:
    result = alphaengine(tmp_path / "db.sqlite3", "user", "api-key", "ghost")

    assert result.returncode == 1 and "no user named 'ghost'" in result.stderr


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_password_is_asked_twice() -> None:
    answers = iter(["correct horse battery", "correct horse battery"])

    assert read_password(Terminal(), prompt=lambda _: next(answers)) == "correct horse battery"


def test_two_different_typed_passwords_are_refused() -> None:
    answers = iter(["correct horse battery", "correct horse battle"])

    with pytest.raises(AccountError, match="differ"):
        read_password(Terminal(), prompt=lambda _: next(answers))


def test_a_piped_password_keeps_inner_and_outer_spaces_but_not_the_newline() -> None:
    piped = io.StringIO("  correct horse battery staple  \r\nignored\n")

    assert read_password(piped) == "  correct horse battery staple  "


def test_a_password_read_for_a_user_is_checked_against_their_name() -> None:
    with pytest.raises(AccountError, match="^password: contains the user name"):
        read_password(io.StringIO("bob's correct horse battery\n"), "bob")
