"""The two browser cookies: the HttpOnly session JWT and the script-readable CSRF token, both SameSite=Strict.

Over TLS (our own certificate, or https from a trusted proxy) they are Secure and named with the __Host- prefix, which
browsers refuse unless the cookie is Secure, host-only and Path=/ (ASVS 3.3.1): no sibling subdomain can plant one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from quart import Response

from entrypoints.web.security.tokens import Session

SESSION, CSRF = "alphaengine_session", "alphaengine_csrf"
HOST_PREFIX = "__Host-"


@dataclass(frozen=True)
class CookieNames:
    session: str
    csrf: str


def cookie_names(tls: bool) -> CookieNames:
    """The names set on a request served over TLS (prefixed) or plain http."""
    prefix = HOST_PREFIX if tls else ""
    return CookieNames(prefix + SESSION, prefix + CSRF)


def session_cookies_read(tls: bool) -> tuple[str, ...]:
    """The session cookie names believed on a request, first found wins: over TLS only the __Host- one.

    Over plain http a browser never sends a Secure cookie, so a __Host- one arrives only through a proxy that did not
    say https (a location without X-Forwarded-Proto); it is the stronger cookie and still believed.
    """
    return (HOST_PREFIX + SESSION,) if tls else (HOST_PREFIX + SESSION, SESSION)


class _Attributes(TypedDict):
    max_age: int
    path: str
    secure: bool
    samesite: str


def set_session_cookies(response: Response, token: str, session: Session, tls: bool) -> None:
    # Max-Age rather than Expires: the browser counts from its own clock, so clock skew cannot shorten or extend it
    lifetime = int((session.expires_at - session.issued_at).total_seconds())
    names = cookie_names(tls)
    common: _Attributes = {"max_age": lifetime, "path": "/", "secure": tls, "samesite": "Strict"}
    response.set_cookie(names.session, token, httponly=True, **common)
    # Readable by the page's script on purpose: it must copy it into the X-CSRF-Token header
    response.set_cookie(names.csrf, session.csrf_token, httponly=False, **common)


def clear_session_cookies(response: Response, tls: bool) -> None:
    names = cookie_names(tls)
    for name, http_only in ((names.session, True), (names.csrf, False)):
        response.delete_cookie(name, path="/", secure=tls, httponly=http_only, samesite="Strict")
