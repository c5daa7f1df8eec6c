"""The login's second step: a short-lived signed challenge saying "this user gave the right password" (ADR 0085).

An HS256 JWT under the web secret with its own audience and type, so it is never taken for a session token (and a
session token never for it). It holds no secret: it only lets POST /api/auth/login/totp ask for the code.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
from jwt.types import Options

from ports.clock import Clock

ALGORITHM = "HS256"
ISSUER = "alphaengine"
AUDIENCE = "alphaengine-login-second-step"
TYPE = "totp-challenge"
_OPTIONS: Options = {"require": ["iss", "aud", "sub", "iat", "exp"], "verify_exp": False, "verify_iat": False}


class InvalidChallenge(Exception):
    """The challenge is forged, of another kind, or expired; the message says what to do."""


class LoginChallenges:
    def __init__(self, secret: str, clock: Clock, ttl: timedelta) -> None:
        if not secret:
            raise ValueError("the challenge signing secret is empty")
        if ttl.total_seconds() < 1:
            raise ValueError(f"a login challenge must live at least one second, got {ttl}")
        self._secret, self._clock, self._ttl_s = secret, clock, int(ttl.total_seconds())

    def issue(self, user: str) -> tuple[str, datetime]:
        """A challenge for `user`, and when it expires."""
        issued = int(self._clock.now().timestamp())
        claims = {"iss": ISSUER, "aud": AUDIENCE, "typ": TYPE, "sub": user, "iat": issued, "exp": issued + self._ttl_s}
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM), datetime.fromtimestamp(issued + self._ttl_s, UTC)

    def verify(self, token: str) -> str:
        """The user name a valid, unexpired challenge was issued to; else InvalidChallenge."""
        try:
            claims = jwt.decode(
                token, self._secret, algorithms=[ALGORITHM], audience=AUDIENCE, issuer=ISSUER, options=_OPTIONS
            )
        except jwt.InvalidTokenError:
            raise InvalidChallenge("challenge: not valid; log in with the password again") from None
        user, expires = claims.get("sub"), claims.get("exp")
        if claims.get("typ") != TYPE or not isinstance(user, str) or not user or type(expires) is not int:
            raise InvalidChallenge("challenge: not valid; log in with the password again")
        if self._clock.now().timestamp() >= expires:
            raise InvalidChallenge("challenge: expired; log in with the password again")
        return user
