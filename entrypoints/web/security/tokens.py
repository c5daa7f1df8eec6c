"""Access tokens: short HS256 JWTs (PyJWT) signed with the web secret, naming their login session (ADR 0083)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeGuard

import jwt
from jwt.types import Options

from ports.clock import Clock

ALGORITHM = "HS256"
ISSUER = "alphaengine"
AUDIENCE = "alphaengine-web"
TOKEN_TYPE = "session"  # noqa: S105 - a claim value, not a secret
_REQUIRED = ["iss", "aud", "sub", "sid", "jti", "iat", "exp"]
# Time claims are checked against our Clock below, not PyJWT's wall clock, so tests can move time
_OPTIONS: Options = {"require": _REQUIRED, "verify_exp": False, "verify_iat": False, "verify_nbf": False}


class InvalidToken(Exception):
    """The token is not a valid, unexpired session token; the message says which (never echoes the token)."""


@dataclass(frozen=True)
class Session:
    user: str
    session_id: str
    jti: str
    csrf_token: str
    issued_at: datetime
    expires_at: datetime


class TokenIssuer:
    def __init__(self, secret: str, clock: Clock, ttl: timedelta) -> None:
        if not secret:
            raise ValueError("the token signing secret is empty")
        if ttl.total_seconds() < 1:
            raise ValueError(f"a session lifetime must be at least one second, got {ttl}")
        self._secret, self._clock, self._ttl_s = secret, clock, int(ttl.total_seconds())

    def issue(self, user: str, session_id: str) -> tuple[str, Session]:
        """Return a fresh signed token for `user` in login session `session_id`, and what it carries (new jti).

        The CSRF token is derived from the session id: it stays the same across refreshes, so a request sent while
        another tab refreshes still carries a valid one.
        """
        issued = int(self._clock.now().timestamp())
        session = Session(
            user,
            session_id,
            secrets.token_urlsafe(16),
            self.csrf_token(session_id),
            _utc(issued),
            _utc(issued + self._ttl_s),
        )
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "typ": TOKEN_TYPE,
            "sub": user,
            "sid": session_id,
            "jti": session.jti,
            "csrf": session.csrf_token,
            "iat": issued,
            "exp": issued + self._ttl_s,
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM), session

    def csrf_token(self, session_id: str) -> str:
        """The CSRF token of login session `session_id`: an HMAC of it under the web secret."""
        mac = hmac.new(self._secret.encode(), b"csrf\x00" + session_id.encode(), hashlib.sha256)
        return mac.hexdigest()

    def verify(self, token: str, *, expired_too: bool = False) -> Session:
        """Return the session of a well-signed, unexpired token; else raise InvalidToken.

        expired_too: accept a token past its expiry (an open stream lives as long as its login session, not its token).
        """
        try:
            claims = jwt.decode(
                token, self._secret, algorithms=[ALGORITHM], audience=AUDIENCE, issuer=ISSUER, options=_OPTIONS
            )
        except jwt.InvalidTokenError:
            raise InvalidToken("the session token is invalid") from None
        session = _session(claims)
        if not expired_too and self._clock.now() >= session.expires_at:
            raise InvalidToken("the access token has expired; refresh it at /api/auth/refresh or log in again")
        return session


def _session(claims: dict[str, Any]) -> Session:
    user, sid, jti, csrf = claims.get("sub"), claims.get("sid"), claims.get("jti"), claims.get("csrf")
    issued, expires = claims.get("iat"), claims.get("exp")
    if claims.get("typ") != TOKEN_TYPE or not (_text(user) and _text(sid) and _text(jti) and _text(csrf)):
        raise InvalidToken("the session token is invalid")
    if not (_seconds(issued) and _seconds(expires)):
        raise InvalidToken("the session token is invalid")
    try:
        return Session(user, sid, jti, csrf, _utc(issued), _utc(expires))
    except OverflowError:
        raise InvalidToken("the session token is invalid") from None


def _text(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value)


def _seconds(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _utc(seconds: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
