"""What install_security can be tuned with; the defaults are the production policy (ADR 0026, ADR 0073)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from entrypoints.web.security.client import TrustedProxies
from entrypoints.web.security.headers import DEFAULT_CSP
from entrypoints.web.security.passwords import DEFAULT_PARAMS, ScryptParams


@dataclass(frozen=True)
class SecuritySettings:
    """login_*: attempts per real client; account_*: failed attempts per user name tried, from any client.

    trusted_proxies: the peers whose X-Forwarded-For and X-Forwarded-Proto are believed.
    second_factor_required: traders and admins must enrol TOTP and confirm dangerous actions (ADR 0085); the web
    server turns it on in production and testnet. Off, only users who enrolled confirm.
    """

    session_ttl: timedelta = timedelta(hours=8)
    login_limit: int = 5
    login_window: timedelta = timedelta(minutes=1)
    account_limit: int = 10
    account_window: timedelta = timedelta(minutes=15)
    trusted_proxies: TrustedProxies = field(default_factory=TrustedProxies)
    csp: str = DEFAULT_CSP
    password_params: ScryptParams = DEFAULT_PARAMS
    second_factor_required: bool = False
    # How long a confirmation (step-up) lets a session do dangerous actions, and the login's second step waits
    step_up_window: timedelta = timedelta(minutes=5)
    challenge_ttl: timedelta = timedelta(minutes=5)

    def on_clock_scaled_by(self, factor: float) -> SecuritySettings:
        """The same real-time policy on a clock running `factor` times faster (the demo's simulation clock)."""
        return replace(
            self,
            session_ttl=self.session_ttl * factor,
            login_window=self.login_window * factor,
            account_window=self.account_window * factor,
            step_up_window=self.step_up_window * factor,
            challenge_ttl=self.challenge_ttl * factor,
        )
