"""The objects one app's security runs on, built once by install_security."""

from __future__ import annotations

from dataclasses import dataclass

import anyio

from entrypoints.web.security.authenticate import Authenticator
from entrypoints.web.security.challenge import LoginChallenges
from entrypoints.web.security.rate_limit import Rule, SlidingWindowLimiter
from entrypoints.web.security.sessions import Sessions
from entrypoints.web.security.settings import SecuritySettings
from entrypoints.web.security.tokens import TokenIssuer
from entrypoints.web.security.totp import SecretBox
from ports.clock import Clock
from ports.login_attempts import LoginAttempts
from ports.second_factor_store import SecondFactorStore
from ports.session_store import SessionStore
from ports.user_store import UserStore


@dataclass(frozen=True)
class Security:
    users: UserStore
    clock: Clock
    tokens: TokenIssuer
    sessions: Sessions
    authenticator: Authenticator
    login_limiter: SlidingWindowLimiter
    # Every attempt from one real client; every failed attempt at one user name, from any client
    per_client: Rule
    per_account: Rule
    settings: SecuritySettings
    # The worker threads that may hash or verify a password at once (argon2id's memory, ADR 0084)
    password_work: anyio.CapacityLimiter
    # The second factor (ADR 0085); TOTP codes are read on totp_clock, real time even where the web's clock is scaled
    factors: SecondFactorStore
    secret_box: SecretBox
    challenges: LoginChallenges
    totp_clock: Clock

    @classmethod
    def build(
        cls,
        users: UserStore,
        attempts: LoginAttempts,
        secret: str,
        clock: Clock,
        settings: SecuritySettings,
        session_store: SessionStore,
        factors: SecondFactorStore,
        totp_clock: Clock | None = None,
    ) -> Security:
        tokens = TokenIssuer(secret, clock, settings.access_ttl)
        sessions = Sessions(session_store, users, tokens, clock, settings)
        per_client = Rule("client", settings.login_limit, settings.login_window)
        per_account = Rule("account", settings.account_limit, settings.account_window)
        return cls(
            users=users,
            clock=clock,
            tokens=tokens,
            sessions=sessions,
            authenticator=Authenticator(users, tokens, sessions, clock),
            login_limiter=SlidingWindowLimiter(attempts, clock, (per_client, per_account)),
            per_client=per_client,
            per_account=per_account,
            settings=settings,
            password_work=anyio.CapacityLimiter(settings.password_workers),
            factors=factors,
            secret_box=SecretBox(secret),
            challenges=LoginChallenges(secret, clock, settings.challenge_ttl),
            totp_clock=totp_clock or clock,
        )
