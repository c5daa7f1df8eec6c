"""What install_security can be tuned with; the defaults are the production policy (ADR 0026)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from entrypoints.web.security.headers import DEFAULT_CSP
from entrypoints.web.security.passwords import DEFAULT_PARAMS, ScryptParams


@dataclass(frozen=True)
class SecuritySettings:
    """secure_cookies: the browser reaches us over HTTPS (our own TLS or a TLS proxy in front)."""

    session_ttl: timedelta = timedelta(hours=8)
    login_limit: int = 5
    login_window: timedelta = timedelta(minutes=1)
    secure_cookies: bool = False
    csp: str = DEFAULT_CSP
    password_params: ScryptParams = DEFAULT_PARAMS

    def on_clock_scaled_by(self, factor: float) -> SecuritySettings:
        """The same real-time policy on a clock running `factor` times faster (the demo's simulation clock)."""
        return replace(self, session_ttl=self.session_ttl * factor, login_window=self.login_window * factor)

    @property
    def session_cookie(self) -> str:
        # The __Host- prefix (ASVS 3.3.1) makes browsers refuse the cookie unless it is Secure, host-only and Path=/
        return "__Host-alphaengine_session" if self.secure_cookies else "alphaengine_session"

    @property
    def csrf_cookie(self) -> str:
        return "__Host-alphaengine_csrf" if self.secure_cookies else "alphaengine_csrf"
