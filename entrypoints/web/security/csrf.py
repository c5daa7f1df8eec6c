"""CSRF defence for cookie sessions: a signed double-submit token (the JWT's csrf claim echoed in a header)."""

from __future__ import annotations

import hmac

from quart import Request

from entrypoints.web.security.principal import Principal, Via

HEADER = "X-CSRF-Token"
FORM_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
REFUSED = f"CSRF check failed: send the csrf cookie's value in the {HEADER} header"


async def csrf_refusal(request: Request, principal: Principal) -> str | None:
    """The 403 message for a state-changing cookie request without the session's token, else None."""
    if principal.via is not Via.COOKIE or request.method in SAFE_METHODS or principal.session is None:
        # Bearer tokens and API keys are never sent by a browser on its own, so they cannot be forged cross-site
        return None
    presented = request.headers.get(HEADER)
    if presented is None and request.mimetype in FORM_TYPES:
        presented = (await request.form).get(FORM_FIELD)
    expected = principal.session.csrf_token
    if presented and hmac.compare_digest(presented.encode("utf-8"), expected.encode("utf-8")):
        return None
    return REFUSED
