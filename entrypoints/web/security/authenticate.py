"""Turning a request's credentials (API key, Bearer token or session cookie) into a Principal, or a 401 reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from entrypoints.web.security.api_keys import HEADER as API_KEY_HEADER
from entrypoints.web.security.api_keys import key_digest
from entrypoints.web.security.cookies import session_cookies_read
from entrypoints.web.security.principal import Principal, Via
from entrypoints.web.security.sessions import SessionEnded, Sessions
from entrypoints.web.security.tokens import InvalidToken, TokenIssuer
from ports.user_store import UserStore


class Lookup(Protocol):
    """Request headers: a Mapping, or the web server's case-insensitive multi-valued Headers."""

    def get(self, key: str, /) -> str | None: ...


MISSING = "authentication required: log in, or send a Bearer token or an X-API-Key header"


class AuthFailure(Exception):
    """The request is not authenticated; the message says why (never echoes the credential)."""


class Authenticator:
    def __init__(self, users: UserStore, tokens: TokenIssuer, sessions: Sessions) -> None:
        self._users, self._tokens, self._sessions = users, tokens, sessions

    def authenticate(
        self, headers: Lookup, cookies: Mapping[str, str], tls: bool, *, expired_too: bool = False
    ) -> Principal:
        """The first credential present decides (API key, then Authorization, then cookie); a bad one is not skipped.

        tls: the request reached us over TLS, which decides the session cookie's name.
        expired_too: an access token past its expiry still holds while its login session is live (open streams).
        """
        api_key = headers.get(API_KEY_HEADER)
        if api_key is not None:
            return self._by_api_key(api_key)
        authorization = headers.get("Authorization")
        if authorization is not None:
            return self._by_bearer(authorization, expired_too)
        token = next((cookies[name] for name in session_cookies_read(tls) if cookies.get(name)), None)
        if token:
            return self._by_token(token, Via.COOKIE, expired_too)
        raise AuthFailure(MISSING)

    def _by_api_key(self, text: str) -> Principal:
        key = self._users.api_key_by_hash(key_digest(text.strip()))
        if key is None:
            raise AuthFailure("the API key is not valid")
        # The owner is read at every request: a removed user's keys stop at once, a role change applies at once
        owner = self._users.get_user(key.user_name)
        if owner is None:
            raise AuthFailure("the API key's user no longer exists")
        return Principal(key.user_name, Via.API_KEY, owner.role, key_id=key.key_id)

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
