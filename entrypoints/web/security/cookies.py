"""The two browser cookies: the HttpOnly session JWT and the script-readable CSRF token, both SameSite=Strict."""

from __future__ import annotations

from typing import TypedDict

from quart import Response

from entrypoints.web.security.settings import SecuritySettings
from entrypoints.web.security.tokens import Session


class _Attributes(TypedDict):
    max_age: int
    path: str
    secure: bool
    samesite: str


def set_session_cookies(response: Response, token: str, session: Session, settings: SecuritySettings) -> None:
    # Max-Age rather than Expires: the browser counts from its own clock, so clock skew cannot shorten or extend it
    lifetime = int((session.expires_at - session.issued_at).total_seconds())
    common: _Attributes = {"max_age": lifetime, "path": "/", "secure": settings.secure_cookies, "samesite": "Strict"}
    response.set_cookie(settings.session_cookie, token, httponly=True, **common)
    # Readable by the page's script on purpose: it must copy it into the X-CSRF-Token header
    response.set_cookie(settings.csrf_cookie, session.csrf_token, httponly=False, **common)


def clear_session_cookies(response: Response, settings: SecuritySettings) -> None:
    for name, http_only in ((settings.session_cookie, True), (settings.csrf_cookie, False)):
        response.delete_cookie(name, path="/", secure=settings.secure_cookies, httponly=http_only, samesite="Strict")
