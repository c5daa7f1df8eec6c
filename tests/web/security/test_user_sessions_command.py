"""`alphaengine user passwd|role|sessions NAME` (ADR 0083): a new password or role ends the user's sessions."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.memory.clock import ManualClock
from adapters.memory.session_store import InMemorySessionStore
from adapters.memory.user_store import InMemoryUserStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.session_store import SqliteSessionStore
from adapters.system.clock import SystemClock
from entrypoints.web.security.passwords import verify_password
from entrypoints.web.security.user_sessions import passwd_command, role_command, sessions_command
from ports.session_store import Ending, WebSession
from ports.user_store import Role, User
from tests.web.security.test_user_command import alphaengine, stored_user

NEW = "a fresh long passphrase"


class Piped(io.StringIO):
    def isatty(self) -> bool:
        return False


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def users(clock: ManualClock) -> InMemoryUserStore:
    users = InMemoryUserStore()
    users.add_user(User("alice", "scrypt$x", clock.now()))
    users.add_user(User("bob", "scrypt$x", clock.now()))
    return users


def session(number: int, user: str, clock: ManualClock, agent: str = "Firefox/130") -> WebSession:
    now = clock.now()
    return WebSession(f"session-{number:010d}", user, now, now, "198.51.100.4", agent, f"{number:064x}")


@pytest.fixture
def sessions(clock: ManualClock) -> InMemorySessionStore:
    store = InMemorySessionStore()
    for number, user in ((1, "alice"), (2, "alice"), (3, "bob")):
        store.start(session(number, user, clock), keep=10)
    return store


def test_passwd_sets_the_password_and_ends_only_that_users_sessions(
    users: InMemoryUserStore, sessions: InMemorySessionStore, clock: ManualClock
) -> None:
    out, err = io.StringIO(), io.StringIO()

    code = passwd_command(users, sessions, clock, "alice", Piped(NEW + "\n"), out, err)

    user = users.get_user("alice")
    assert (code, out.getvalue(), err.getvalue()) == (0, "password of 'alice' changed; 2 session(s) ended\n", "")
    assert user is not None and verify_password(NEW, user.password_hash)
    assert sessions.sessions("alice") == [] and len(sessions.sessions("bob")) == 1
    ended = sessions.get("session-0000000001")
    assert ended is not None and ended.ended_why is Ending.PASSWORD


def test_passwd_refuses_a_short_password_and_an_unknown_user_changing_nothing(
    users: InMemoryUserStore, sessions: InMemorySessionStore, clock: ManualClock
) -> None:
    err = io.StringIO()

    short = passwd_command(users, sessions, clock, "alice", Piped("short\n"), io.StringIO(), err)
    unknown = passwd_command(users, sessions, clock, "carol", Piped(NEW + "\n"), io.StringIO(), err)
    # The policy (ADR 0084) knows whose password it is: one built on the name is refused
    named = passwd_command(users, sessions, clock, "alice", Piped("alice-rules-the-market\n"), io.StringIO(), err)

    assert (short, unknown, named) == (1, 1, 1)
    assert err.getvalue().splitlines()[1] == "alphaengine: error: no user named 'carol'"
    assert "user name" in err.getvalue().splitlines()[2]
    assert len(sessions.sessions("alice")) == 2


def test_role_sets_the_role_and_ends_the_users_sessions(
    users: InMemoryUserStore, sessions: InMemorySessionStore, clock: ManualClock
) -> None:
    out = io.StringIO()

    code = role_command(users, sessions, clock, "alice", Role.VIEWER, out, io.StringIO())

    user = users.get_user("alice")
    assert (code, out.getvalue()) == (0, "'alice' is now viewer; 2 session(s) ended\n")
    assert user is not None and user.role is Role.VIEWER and sessions.sessions("alice") == []


def test_sessions_lists_the_live_ones_newest_first_with_the_agent_quoted(
    users: InMemoryUserStore, sessions: InMemorySessionStore, clock: ManualClock
) -> None:
    clock.advance(timedelta(minutes=40))
    sessions.start(session(4, "alice", clock, agent="curl/8 'x'"), keep=10)
    out = io.StringIO()

    code = sessions_command(users, sessions, clock, "alice", False, out, io.StringIO())

    # The two made 40 minutes ago went idle; only the new one is live
    expected = (
        "session-0000000004  created 2026-01-01T00:40:00Z  last seen 2026-01-01T00:40:00Z  from 198.51.100.4  "
        "agent \"curl/8 'x'\"\n"
    )
    assert (code, out.getvalue()) == (0, expected)


def test_sessions_revoke_all_ends_them(
    users: InMemoryUserStore, sessions: InMemorySessionStore, clock: ManualClock
) -> None:
    out = io.StringIO()

    code = sessions_command(users, sessions, clock, "alice", True, out, io.StringIO())
    listed = io.StringIO()
    sessions_command(users, sessions, clock, "alice", False, listed, io.StringIO())

    assert (code, out.getvalue(), listed.getvalue()) == (
        0,
        "2 session(s) of 'alice' ended\n",
        "no live sessions of 'alice'\n",
    )


def test_the_commands_run_on_the_database_as_users_run_them(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    assert alphaengine(db, "user", "add", "alice", stdin="correct horse battery\n").returncode == 0
    connection = open_database(db)
    try:
        now = SystemClock().now()
        SqliteSessionStore(connection).start(
            WebSession("session-0000000001", "alice", now, now, "203.0.113.9", "Firefox/130", "a" * 64), keep=10
        )
    finally:
        connection.close()

    listed = alphaengine(db, "user", "sessions", "alice")
    role = alphaengine(db, "user", "role", "alice", "trader")
    passwd = alphaengine(db, "user", "passwd", "alice", stdin=NEW + "\n")
    revoked = alphaengine(db, "user", "sessions", "alice", "--revoke-all")

    assert listed.returncode == 0 and "session-0000000001" in listed.stdout and "from 203.0.113.9" in listed.stdout
    assert (role.returncode, role.stdout) == (0, "'alice' is now trader; 1 session(s) ended\n")
    assert (passwd.returncode, passwd.stdout) == (0, "password of 'alice' changed; 0 session(s) ended\n")
    assert (revoked.returncode, revoked.stdout) == (0, "0 session(s) of 'alice' ended\n")
    user = stored_user(db, "alice")
    assert user is not None and user.role is Role.TRADER and verify_password(NEW, user.password_hash)
