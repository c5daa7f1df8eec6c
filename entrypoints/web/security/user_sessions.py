"""A user's sessions end with a new password or role (ADR 0083); `alphaengine user passwd|role|sessions`."""

from __future__ import annotations

from datetime import datetime
from typing import TextIO

from entrypoints.web.security.accounts import EXIT_FAILURE, AccountError, read_password
from entrypoints.web.security.passwords import hash_password
from entrypoints.web.security.settings import SecuritySettings
from ports.clock import Clock
from ports.errors import StorageError
from ports.session_store import Ending, SessionStore, WebSession
from ports.user_store import Role, UnknownUser, UserStore


def change_password(users: UserStore, sessions: SessionStore, name: str, password_hash: str, at: datetime) -> int:
    """Give `name` a new password hash and end every session of theirs; return how many ended."""
    users.set_password(name, password_hash)
    return sessions.end_sessions(name, at, Ending.PASSWORD)


def change_role(users: UserStore, sessions: SessionStore, name: str, role: Role, at: datetime) -> int:
    """Give `name` the role `role` and end every session of theirs; return how many ended."""
    users.set_role(name, role)
    return sessions.end_sessions(name, at, Ending.ROLE)


def live_sessions(sessions: SessionStore, name: str, now: datetime, settings: SecuritySettings) -> list[WebSession]:
    """The user's sessions still live at `now` under `settings`' idle timeout and lifetime, newest first."""
    return [s for s in sessions.sessions(name) if s.is_live(now, settings.idle_timeout, settings.session_ttl)]


def passwd_command(
    users: UserStore, sessions: SessionStore, clock: Clock, name: str, stdin: TextIO, out: TextIO, err: TextIO
) -> int:
    """Set the password of `name` (piped, or typed twice) and end all of their sessions."""
    try:
        _known(users, name)
        ended = change_password(users, sessions, name, hash_password(read_password(stdin, name)), clock.now())
    except (AccountError, ValueError, StorageError) as exc:
        return _fail(err, exc)
    print(f"password of {name!r} changed; {ended} session(s) ended", file=out)
    return 0


def role_command(
    users: UserStore, sessions: SessionStore, clock: Clock, name: str, role: Role, out: TextIO, err: TextIO
) -> int:
    """Give `name` the role `role` and end all of their sessions (they log in again with the new role)."""
    try:
        ended = change_role(users, sessions, name, role, clock.now())
    except (ValueError, StorageError) as exc:
        return _fail(err, exc)
    print(f"{name!r} is now {role.value}; {ended} session(s) ended", file=out)
    return 0


def sessions_command(
    users: UserStore, sessions: SessionStore, clock: Clock, name: str, revoke_all: bool, out: TextIO, err: TextIO
) -> int:
    """List the live sessions of `name` (id, created, last seen, client, agent); with revoke_all, end them all."""
    try:
        _known(users, name)
        now = clock.now()
        live = live_sessions(sessions, name, now, SecuritySettings())
        if revoke_all:
            ended = sessions.end_sessions(name, now, Ending.REVOKED)
            print(f"{ended} session(s) of {name!r} ended", file=out)
            return 0
    except (ValueError, StorageError) as exc:
        return _fail(err, exc)
    if not live:
        print(f"no live sessions of {name!r}", file=out)
    for s in live:
        # repr quotes the agent: it is what a client sent, so it cannot forge columns or lines
        print(
            f"{s.session_id}  created {_at(s.created_at)}  last seen {_at(s.last_seen_at)}  from {s.client}  "
            f"agent {s.agent!r}",
            file=out,
        )
    return 0


def _known(users: UserStore, name: str) -> None:
    if users.get_user(name) is None:
        raise UnknownUser(name)


def _fail(err: TextIO, exc: Exception) -> int:
    print(f"alphaengine: error: {exc}", file=err)
    return EXIT_FAILURE


def _at(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
