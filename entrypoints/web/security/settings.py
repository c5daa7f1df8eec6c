"""What install_security can be tuned with; the defaults are the production policy (ADR 0026, ADR 0073)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from entrypoints.web.security.client import TrustedProxies
from entrypoints.web.security.headers import DEFAULT_CSP
from entrypoints.web.security.passwords import DEFAULT_PARAMS, Argon2Params


@dataclass(frozen=True)
class SecuritySettings:
    """login_*: attempts per real client; account_*: failed attempts per user name tried, from any client.

    trusted_proxies: the peers whose X-Forwarded-For and X-Forwarded-Proto are believed.
    Sessions (ADR 0083): an access token lasts access_ttl; its login session ends idle_timeout after its last refresh,
    and session_ttl after the login at the latest; a user keeps at most max_sessions open (the oldest ends).
    second_factor_required: traders and admins must enrol TOTP and confirm dangerous actions (ADR 0085); the web
    server turns it on in production and testnet. Off, only users who enrolled confirm.
    """

    session_ttl: timedelta = timedelta(hours=8)
    access_ttl: timedelta = timedelta(minutes=15)
    idle_timeout: timedelta = timedelta(minutes=30)
    max_sessions: int = 20
    # Two tabs refreshing at once present one token twice: the later one is told to retry, not taken for a thief
    refresh_grace: timedelta = timedelta(seconds=30)
    login_limit: int = 5
    login_window: timedelta = timedelta(minutes=1)
    account_limit: int = 10
    account_window: timedelta = timedelta(minutes=15)
    trusted_proxies: TrustedProxies = field(default_factory=TrustedProxies)
    csp: str = DEFAULT_CSP
    password_params: Argon2Params = DEFAULT_PARAMS
    # argon2id holds password_params.memory_kib while it runs: at most this many at once bounds the web's memory
    password_workers: int = 2
    second_factor_required: bool = False
    # How long a confirmation (step-up) lets a session do dangerous actions, and the login's second step waits
    step_up_window: timedelta = timedelta(minutes=5)
    challenge_ttl: timedelta = timedelta(minutes=5)

    def __post_init__(self) -> None:
        if not self.access_ttl <= self.idle_timeout <= self.session_ttl:
            raise ValueError(
                "web sessions: access_ttl <= idle_timeout <= session_ttl is required "
                f"(got {self.access_ttl}, {self.idle_timeout}, {self.session_ttl})"
            )
        if not 1 <= self.max_sessions <= 1000:
            raise ValueError(f"web sessions: max_sessions must be 1-1000, got {self.max_sessions}")

    def on_clock_scaled_by(self, factor: float) -> SecuritySettings:
        """The same real-time policy on a clock running `factor` times faster (the demo's simulation clock)."""
        return replace(
            self,
            session_ttl=self.session_ttl * factor,
            access_ttl=self.access_ttl * factor,
            idle_timeout=self.idle_timeout * factor,
            refresh_grace=self.refresh_grace * factor,
            login_window=self.login_window * factor,
            account_window=self.account_window * factor,
            step_up_window=self.step_up_window * factor,
            challenge_ttl=self.challenge_ttl * factor,
        )
