"""Turning a request's credentials (API key, Bearer token or session cookie) into a Principal, or a 401 reason."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

from domain.times import format_utc
from entrypoints.web.security.api_keys import HEADER as API_KEY_HEADER
from entrypoints.web.security.api_keys import USE_RECORDED_EVERY, key_digest
from entrypoints.web.security.cookies import session_cookies_read
from entrypoints.web.security.principal import Principal, Via
from entrypoints.web.security.sessions import SessionEnded, Sessions, disabled_refusal
from entrypoints.web.security.tokens import InvalidToken, TokenIssuer
from ports.clock import Clock
from ports.errors import StorageError
from ports.user_store import ApiKey, User, UserStore

log = logging.getLogger("alphaengine.web.auth")


class Lookup(Protocol):
    """Request headers: a Mapping, or the web server's case-insensitive multi-valued Headers."""

    def get(self, key: str, /) -> str | None: ...


MISSING = "authentication required: log in, or send a Bearer token or an X-API-Key header"


def has_credentials(headers: Lookup, cookies: Mapping[str, str], tls: bool) -> bool:
    """True when the request carries any credential authenticate would read (valid or not)."""
    if headers.get(API_KEY_HEADER) is not None or headers.get("Authorization") is not None:
        return True
    return any(cookies.get(name) for name in session_cookies_read(tls))


class AuthFailure(Exception):
    """The request is not authenticated; the message says why (never echoes the credential)."""


class Authenticator:
    def __init__(self, users: UserStore, tokens: TokenIssuer, sessions: Sessions, clock: Clock) -> None:
        self._users, self._tokens, self._sessions, self._clock = users, tokens, sessions, clock

    def authenticate(
        self, headers: Lookup, cookies: Mapping[str, str], tls: bool, address: str, *, expired_too: bool = False
    ) -> Principal:
        """The first credential present decides (API key, then Authorization, then cookie); a bad one is not skipped.

        tls: the request reached us over TLS, which decides the session cookie's name; address: the real client's
        (request_origin), recorded as an API key's last use.
        expired_too: an access token past its expiry still holds while its login session is live (open streams).
        """
        api_key = headers.get(API_KEY_HEADER)
        if api_key is not None:
            return self._by_api_key(api_key, address)
        authorization = headers.get("Authorization")
        if authorization is not None:
            return self._by_bearer(authorization, expired_too)
        token = next((cookies[name] for name in session_cookies_read(tls) if cookies.get(name)), None)
        if token:
            return self._by_token(token, Via.COOKIE, expired_too)
        raise AuthFailure(MISSING)

    def _by_api_key(self, text: str, address: str) -> Principal:
        key = self._users.api_key_by_hash(key_digest(text.strip()))
        if key is None:
            raise AuthFailure("the API key is not valid")
        # Read at every request, like the owner: a revocation or an expiry stops the very next request
        now = self._clock.now()
        if key.revoked_at is not None:
            raise AuthFailure(f"the API key {key.key_id} was revoked at {_shown(key.revoked_at)}; ask for a new key")
        if key.expires_at is not None and now >= key.expires_at:
            raise AuthFailure(f"the API key {key.key_id} expired at {_shown(key.expires_at)}; ask for a new key")
        # The owner is read at every request: a removed user's keys stop at once, a role change applies at once
        owner = self._users.get_user(key.user_name)
        if owner is None:
            raise AuthFailure("the API key's user no longer exists")
        _refuse_disabled(owner)
        self._note_use(key, now, address)
        # Never more than the owner may do now, never more than the key was made for
        role = min(key.role, owner.role, key=lambda r: r.rank)
        return Principal(key.user_name, Via.API_KEY, role, key_id=key.key_id)

    def _note_use(self, key: ApiKey, now: datetime, address: str) -> None:
        # The row just read says whether a minute has passed: most requests write nothing
        if key.last_used_at is not None and now - key.last_used_at < USE_RECORDED_EVERY:
            return
        try:
            self._users.record_api_key_use(key.key_id, now, address, USE_RECORDED_EVERY)
        except StorageError as exc:
            # Only a record for the operator: a busy database must not refuse a valid key
            log.warning("could not record the use of API key %s: %s", key.key_id, exc)

    def _by_bearer(self, authorization: str, expired_too: bool) -> Principal:
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthFailure("the Authorization header must be 'Bearer <token>'")
        return self._by_token(token.strip(), Via.BEARER, expired_too)

    def _by_token(self, token: str, via: Via, expired_too: bool) -> Principal:
        try:
            session = self._tokens.verify(token, expired_too=expired_too)
            # The login session is read at every request: logging out, a password or role change end it at once
            user = self._sessions.live(session)
        except (InvalidToken, SessionEnded) as exc:
            raise AuthFailure(str(exc)) from None
        return Principal(session.user, via, user.role, session=session)


def _refuse_disabled(user: User) -> None:
    refusal = disabled_refusal(user)
    if refusal is not None:
        raise AuthFailure(refusal)


def _shown(moment: datetime) -> str:
    return format_utc(moment)[:19] + "Z"
