"""Web authentication and hardening: users, JWT sessions, API keys, CSRF, login rate limit, security headers."""

from __future__ import annotations

from entrypoints.web.security.install import install_security, security_installer
from entrypoints.web.security.principal import Principal, Via, current_principal
from entrypoints.web.security.public import public, requires
from entrypoints.web.security.settings import SecuritySettings

__all__ = [
    "Principal",
    "SecuritySettings",
    "Via",
    "current_principal",
    "install_security",
    "public",
    "requires",
    "security_installer",
]
