"""Login sessions (ADR 0083): start one at login, rotate its refresh token, tell whether it is live, end it."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime

from entrypoints.web.security.settings import SecuritySettings
from entrypoints.web.security.tokens import Session, TokenIssuer
from ports.clock import Clock
from ports.session_store import MAX_AGENT, MAX_CLIENT, SESSION_ID, Ending, SessionStore, WebSession
from ports.user_store import User, UserStore

log = logging.getLogger("alphaengine.web.auth")
INVALID = "the refresh token is invalid; log in again"
_ENDED = {
    Ending.LOGOUT: "the session has been logged out; log in again",
    Ending.LOGOUT_ALL: "the session was ended by 'log out everywhere'; log in again",
    Ending.REFRESH_REUSE: "the session was ended because a used refresh token came back; log in again",
    Ending.PASSWORD: "the session was ended by a password change; log in again",
    Ending.ROLE: "the session was ended by a role change; log in again",
    Ending.DISABLED: "the session was ended because the user was disabled",
    Ending.DELETED: "the session was ended because the user was removed",
    Ending.REVOKED: "the session was revoked by an operator; log in again",
    Ending.TOO_MANY: "the session was ended by newer logins of the same user; log in again",
}


class SessionEnded(Exception):
    """The login session is not live; the message says why and what to do (never echoes a token)."""


class RefreshConflict(Exception):
    """The refresh token was rotated a moment ago (another tab): retry with the cookie now set, nothing is ended."""


@dataclass(frozen=True)
class Grant:
    """What a login or a refresh hands out: the access token and its claims, and the new refresh token."""

    token: str
    access: Session
    refresh_token: str
    session: WebSession
    ends_at: datetime


def refresh_digest(refresh_token: str) -> str:
    return hashlib.sha256(refresh_token.encode()).hexdigest()


class Sessions:
    def __init__(
        self, store: SessionStore, users: UserStore, tokens: TokenIssuer, clock: Clock, settings: SecuritySettings
    ) -> None:
        self.store = store
        self._users, self._tokens, self._clock, self._settings = users, tokens, clock, settings

    def begin(self, user: str, client: str, agent: str) -> Grant:
        """Start a login session for `user` from `client` with user agent `agent` (both cut to their bounds)."""
        now = self._clock.now()
        s = self._settings
        # Each login prunes what is past its idle time or lifetime: the table holds only recent sessions
        self.store.prune(seen_before=now - s.idle_timeout, created_before=now - s.session_ttl)
        session_id, refresh = _new_refresh()
        session = WebSession(
            session_id, user, now, now, client[:MAX_CLIENT], _printable(agent)[:MAX_AGENT], refresh_digest(refresh)
        )
        self.store.start(session, keep=s.max_sessions)
        return self._grant(session, refresh)

    def refresh(self, refresh_token: str) -> Grant:
        """Rotate a live session's refresh token and issue a new access token; SessionEnded or RefreshConflict if not.

        A token the session rotated away, presented after the grace, is taken as a stolen copy: the session ends.
        """
        session_id, _, _ = refresh_token.partition(".")
        session = self.store.get(session_id) if SESSION_ID.fullmatch(session_id) else None
        if session is None:
            raise SessionEnded(INVALID)
        self.check(session)
        now, presented = self._clock.now(), refresh_digest(refresh_token)
        if hmac.compare_digest(presented, session.refresh_hash):
            _, fresh = _new_refresh(session_id)
            if not self.store.rotate(session_id, presented, refresh_digest(fresh), now):
                raise RefreshConflict("the session was refreshed at the same moment; retry")
            rotated = self.store.get(session_id)
            if rotated is None:
                raise SessionEnded(INVALID)
            return self._grant(rotated, fresh)
        if session.previous_hash is not None and hmac.compare_digest(presented, session.previous_hash):
            if session.rotated_at is not None and now < session.rotated_at + self._settings.refresh_grace:
                raise RefreshConflict("the session was just refreshed (another tab?); retry with the cookie now set")
            self.store.end(session_id, now, Ending.REFRESH_REUSE)
            log.warning("refresh token reuse: session %s of user %r ended", session_id, session.user_name)
            raise SessionEnded(_ENDED[Ending.REFRESH_REUSE])
        raise SessionEnded(INVALID)

    def live(self, access: Session) -> User:
        """The user of the live login session an access token names; SessionEnded if it has ended.

        One read of the session by primary key and one of its user: cheap enough for every request.
        """
        session = self.store.get(access.session_id)
        if session is None or session.user_name != access.user:
            raise SessionEnded("the session has ended; log in again")
        return self.check(session)

    def check(self, session: WebSession) -> User:
        """Raise SessionEnded unless `session` is live now and older than its user (a re-created name starts afresh)."""
        if session.ended_why is not None:
            raise SessionEnded(_ENDED[session.ended_why])
        s, now = self._settings, self._clock.now()
        if not session.is_live(now, s.idle_timeout, s.session_ttl):
            if now >= session.created_at + s.session_ttl:
                raise SessionEnded(f"the session expired at its {s.session_ttl} limit; log in again")
            raise SessionEnded(f"the session expired after {s.idle_timeout} without a refresh; log in again")
        user = self._users.get_user(session.user_name)
        if user is None:
            raise SessionEnded("the session's user no longer exists")
        if session.created_at < user.created_at:
            raise SessionEnded("the session belongs to an earlier user of that name; log in again")
        refusal = disabled_refusal(user)
        if refusal is not None:
            raise SessionEnded(refusal)
        return user

    def end(self, session_id: str, why: Ending) -> bool:
        """End one session now; True if it was open."""
        return self.store.end(session_id, self._clock.now(), why)

    def end_all(self, user: str, why: Ending, keep: str | None = None) -> int:
        """End every open session of `user` now except `keep`; return how many."""
        return self.store.end_sessions(user, self._clock.now(), why, keep)

    def _grant(self, session: WebSession, refresh: str) -> Grant:
        token, access = self._tokens.issue(session.user_name, session.session_id)
        ends_at = session.created_at + self._settings.session_ttl
        return Grant(token, access, refresh, session, ends_at)


def _new_refresh(session_id: str | None = None) -> tuple[str, str]:
    # The refresh token names its session, so a replayed old one is found and ends it
    session_id = session_id or secrets.token_urlsafe(16)
    return session_id, f"{session_id}.{secrets.token_urlsafe(32)}"


def _printable(text: str) -> str:
    # A user agent is shown in listings and logs: keep it to one line of printable text
    return "".join(c if c.isprintable() else "?" for c in text)


def disabled_refusal(user: User) -> str | None:
    """Why `user` may not act (it is disabled), or None; login, sessions and keys all ask this."""
    if user.disabled_at is None:
        return None
    return f"the user {user.name!r} is disabled; an admin can enable it with `alphaengine user enable {user.name}`"
