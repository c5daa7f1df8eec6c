"""The browser cookies, all SameSite=Strict: the HttpOnly access JWT, the HttpOnly refresh token (ADR 0083) and the
script-readable CSRF token.

Over TLS (our own certificate, or https from a trusted proxy) they are Secure and named with the __Host- prefix, which
browsers refuse unless the cookie is Secure, host-only and Path=/ (ASVS 3.3.1): no sibling subdomain can plant one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from quart import Response

from entrypoints.web.security.tokens import Session

SESSION, CSRF, REFRESH = "alphaengine_session", "alphaengine_csrf", "alphaengine_refresh"
HOST_PREFIX = "__Host-"


@dataclass(frozen=True)
class CookieNames:
    session: str
    csrf: str
    refresh: str


def cookie_names(tls: bool) -> CookieNames:
    """The names set on a request served over TLS (prefixed) or plain http."""
    prefix = HOST_PREFIX if tls else ""
    return CookieNames(prefix + SESSION, prefix + CSRF, prefix + REFRESH)


def session_cookies_read(tls: bool) -> tuple[str, ...]:
    """The session cookie names believed on a request, first found wins: over TLS only the __Host- one.

    Over plain http a browser never sends a Secure cookie, so a __Host- one arrives only through a proxy that did not
    say https (a location without X-Forwarded-Proto); it is the stronger cookie and still believed.
    """
    return _read(SESSION, tls)


def refresh_cookies_read(tls: bool) -> tuple[str, ...]:
    """The refresh cookie names believed on a request, by the session cookie's rule."""
    return _read(REFRESH, tls)


def _read(name: str, tls: bool) -> tuple[str, ...]:
    return (HOST_PREFIX + name,) if tls else (HOST_PREFIX + name, name)


class _Attributes(TypedDict):
    max_age: int
    path: str
    secure: bool
    samesite: str


def set_session_cookies(
    response: Response, token: str, session: Session, tls: bool, refresh: str, session_left_s: int
) -> None:
    """Set the access cookie for its token's life, and the refresh and CSRF cookies for what is left of the session."""
    # Max-Age rather than Expires: the browser counts from its own clock, so clock skew cannot shorten or extend it
    lifetime = int((session.expires_at - session.issued_at).total_seconds())
    names = cookie_names(tls)
    common: _Attributes = {"max_age": lifetime, "path": "/", "secure": tls, "samesite": "Strict"}
    response.set_cookie(names.session, token, httponly=True, **common)
    # Path=/ as __Host- demands; HttpOnly and SameSite=Strict keep it from scripts and from other sites
    rest: _Attributes = {**common, "max_age": max(session_left_s, 0)}
    response.set_cookie(names.refresh, refresh, httponly=True, **rest)
    # Readable by the page's script on purpose: it must copy it into the X-CSRF-Token header
    response.set_cookie(names.csrf, session.csrf_token, httponly=False, **rest)


def clear_session_cookies(response: Response, tls: bool) -> None:
    names = cookie_names(tls)
    for name, http_only in ((names.session, True), (names.refresh, True), (names.csrf, False)):
        response.delete_cookie(name, path="/", secure=tls, httponly=http_only, samesite="Strict")
