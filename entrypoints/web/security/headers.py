"""Security headers added to every response (ASVS 3.4): CSP, nosniff, no framing, no referrer, HSTS under TLS."""

from __future__ import annotations

from collections.abc import Mapping

# Scripts only from our own static files; inline style attributes stay allowed for the vendored chart library
DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"


def security_headers(csp: str, tls: bool) -> Mapping[str, str]:
    """The headers every response carries; a route may set its own value of any of them first."""
    headers = {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if tls:
        headers["Strict-Transport-Security"] = HSTS
    return headers
