"""The objects one app's security runs on, built once by install_security."""

from __future__ import annotations

from dataclasses import dataclass

from entrypoints.web.security.authenticate import Authenticator
from entrypoints.web.security.challenge import LoginChallenges
from entrypoints.web.security.rate_limit import Rule, SlidingWindowLimiter
from entrypoints.web.security.settings import SecuritySettings
from entrypoints.web.security.tokens import TokenIssuer
from entrypoints.web.security.totp import SecretBox
from ports.clock import Clock
from ports.login_attempts import LoginAttempts
from ports.second_factor_store import SecondFactorStore
from ports.user_store import UserStore


@dataclass(frozen=True)
class Security:
    users: UserStore
    clock: Clock
    tokens: TokenIssuer
    authenticator: Authenticator
    login_limiter: SlidingWindowLimiter
    # Every attempt from one real client; every failed attempt at one user name, from any client
    per_client: Rule
    per_account: Rule
    settings: SecuritySettings
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
        factors: SecondFactorStore,
        totp_clock: Clock | None = None,
    ) -> Security:
        tokens = TokenIssuer(secret, clock, settings.session_ttl)
        per_client = Rule("client", settings.login_limit, settings.login_window)
        per_account = Rule("account", settings.account_limit, settings.account_window)
        return cls(
            users=users,
            clock=clock,
            tokens=tokens,
            authenticator=Authenticator(users, tokens),
            login_limiter=SlidingWindowLimiter(attempts, clock, (per_client, per_account)),
            per_client=per_client,
            per_account=per_account,
            settings=settings,
            factors=factors,
            secret_box=SecretBox(secret),
            challenges=LoginChallenges(secret, clock, settings.challenge_ttl),
            totp_clock=totp_clock or clock,
        )
