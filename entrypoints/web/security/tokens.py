"""Session tokens: HS256 JWTs (PyJWT) signed with the web secret, checked against the injected clock."""

from __future__ import annotations

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
_REQUIRED = ["iss", "aud", "sub", "jti", "iat", "exp"]
# Time claims are checked against our Clock below, not PyJWT's wall clock, so tests can move time
_OPTIONS: Options = {"require": _REQUIRED, "verify_exp": False, "verify_iat": False, "verify_nbf": False}


class InvalidToken(Exception):
    """The token is not a valid, unexpired session token; the message says which (never echoes the token)."""


@dataclass(frozen=True)
class Session:
    user: str
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

    def issue(self, user: str) -> tuple[str, Session]:
        """Return a fresh signed token for `user` and the session it carries (new jti and CSRF token each time)."""
        issued = int(self._clock.now().timestamp())
        session = Session(
            user, secrets.token_urlsafe(16), secrets.token_urlsafe(32), _utc(issued), _utc(issued + self._ttl_s)
        )
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "typ": TOKEN_TYPE,
            "sub": user,
            "jti": session.jti,
            "csrf": session.csrf_token,
            "iat": issued,
            "exp": issued + self._ttl_s,
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM), session

    def verify(self, token: str) -> Session:
        """Return the session of a well-signed, unexpired token; else raise InvalidToken."""
        try:
            claims = jwt.decode(
                token, self._secret, algorithms=[ALGORITHM], audience=AUDIENCE, issuer=ISSUER, options=_OPTIONS
            )
        except jwt.InvalidTokenError:
            raise InvalidToken("the session token is invalid") from None
        session = _session(claims)
        if self._clock.now() >= session.expires_at:
            raise InvalidToken("the session token has expired; log in again")
        return session


def _session(claims: dict[str, Any]) -> Session:
    user, jti, csrf = claims.get("sub"), claims.get("jti"), claims.get("csrf")
    issued, expires = claims.get("iat"), claims.get("exp")
    if claims.get("typ") != TOKEN_TYPE or not (_text(user) and _text(jti) and _text(csrf)):
        raise InvalidToken("the session token is invalid")
    if not (_seconds(issued) and _seconds(expires)):
        raise InvalidToken("the session token is invalid")
    try:
        return Session(user, jti, csrf, _utc(issued), _utc(expires))
    except OverflowError:
        raise InvalidToken("the session token is invalid") from None


def _text(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value)


def _seconds(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _utc(seconds: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
