"""The objects one app's security runs on, built once by install_security."""

from __future__ import annotations

from dataclasses import dataclass

from entrypoints.web.security.authenticate import Authenticator
from entrypoints.web.security.rate_limit import SlidingWindowLimiter
from entrypoints.web.security.settings import SecuritySettings
from entrypoints.web.security.tokens import TokenIssuer
from ports.clock import Clock
from ports.user_store import UserStore


@dataclass(frozen=True)
class Security:
    users: UserStore
    clock: Clock
    tokens: TokenIssuer
    authenticator: Authenticator
    login_limiter: SlidingWindowLimiter
    settings: SecuritySettings

    @classmethod
    def build(cls, users: UserStore, secret: str, clock: Clock, settings: SecuritySettings) -> Security:
        tokens = TokenIssuer(secret, clock, settings.session_ttl)
        return cls(
            users=users,
            clock=clock,
            tokens=tokens,
            authenticator=Authenticator(users, tokens, settings.session_cookie),
            login_limiter=SlidingWindowLimiter(settings.login_limit, settings.login_window, clock),
            settings=settings,
        )
