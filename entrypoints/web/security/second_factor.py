"""The second factor in the guard (ADR 0085): traders and admins enrol before anything else, and a dangerous request
needs a session confirmed within the step-up window. `second_factor_gate` is the guard's one call."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from quart import Response, g, jsonify, request

from entrypoints.web.api.errors import ApiError
from entrypoints.web.api.requests import json_body
from entrypoints.web.database import on_store
from entrypoints.web.security.client import request_origin
from entrypoints.web.security.dangerous import READS_BODY, dangerous
from entrypoints.web.security.principal import Principal
from entrypoints.web.security.state import Security
from ports.second_factor_store import Confirmation
from ports.user_store import Role

log = logging.getLogger("alphaengine.web.auth")
REQUIRED_ROLES = frozenset({Role.TRADER, Role.ADMIN})
# What a trader or admin without a second factor may still reach: its enrolment, and logging out
BEFORE_ENROLMENT = frozenset(
    {"auth.logout", "auth.sessions.logout_all", "auth_totp.status", "auth_totp.enrol", "auth_totp.confirm_enrolment"}
)
ENROL_REASON, STEP_UP_REASON, TOTP_REASON = "enrol_second_factor", "step_up_required", "totp_required"
ENROL_FIRST = (
    "enrol a second factor first: POST /api/auth/totp/enrol, add the URI to an authenticator app, then POST "
    "/api/auth/totp/confirm with its code"
)


@dataclass(frozen=True)
class Standing:
    """The principal's second factor: active or not, and how its session was confirmed within the window."""

    enabled: bool
    confirmed: Confirmation | None


async def second_factor_gate(security: Security, principal: Principal, view: Any) -> Response | None:
    """A 403 with a machine-readable `reason` when the principal must enrol first or confirm this request first,
    else None; an accepted dangerous request's principal says what confirmed it (`confirmed_by`)."""
    endpoint = request.endpoint
    must_enrol = security.settings.second_factor_required and principal.role in REQUIRED_ROLES
    what = dangerous(endpoint, view, await _body(endpoint), request.view_args or {})
    if not must_enrol and what is None:
        return None
    standing = await on_store(partial(standing_of, security, principal))
    if must_enrol and not standing.enabled and endpoint not in BEFORE_ENROLMENT:
        return _refused(principal, "has no second factor", ENROL_FIRST, ENROL_REASON)
    if what is None or not (standing.enabled or security.settings.second_factor_required):
        return None
    if standing.confirmed is None:
        return _refused(principal, f"not confirmed for {what}", step_up_message(what, principal), STEP_UP_REASON)
    g.principal = replace(principal, confirmed_by=standing.confirmed.value)
    return None


def standing_of(security: Security, principal: Principal) -> Standing:
    """Read on a store worker."""
    factor = security.factors.factor(principal.name)
    session = principal.session
    confirmed = security.factors.confirmation(session.jti, security.clock.now()) if session is not None else None
    return Standing(factor is not None and factor.enabled, confirmed)


def step_up_message(what: str, principal: Principal) -> str:
    if principal.session is None:
        # A key is automation's credential: nobody is there to type a code, and a code sent with it would put the
        # TOTP secret next to the key
        return f"step-up required: {what} needs a fresh second factor, which an API key cannot give; do it logged in"
    return (
        f"step-up required: {what} needs a fresh second factor; POST /api/auth/confirm with a code from the "
        "authenticator app (or the password without one), then retry"
    )


def reason_reply(status: int, message: str, reason: str, **extra: Any) -> Response:
    """{"error": message, "reason": reason, ...}: the reason is what the dashboard acts on."""
    response = jsonify({"error": message, "reason": reason, **extra})
    response.status_code = status
    return response


async def _body(endpoint: str | None) -> dict[str, Any]:
    if endpoint not in READS_BODY:
        return {}
    try:
        return await json_body()
    except ApiError:
        # The view refuses it again, naming the problem; an unreadable body carries no dangerous command
        return {}


def _refused(principal: Principal, why: str, message: str, reason: str) -> Response:
    log.warning(
        "refused %s %s for user %r from client %s: %s",
        request.method,
        request.path,
        principal.name,
        request_origin().address,
        why,
    )
    return reason_reply(403, message, reason)


async def second_step(security: Security, name: str) -> Response | None:
    """The login's answer after the right password of a user with an active second factor: 401 `totp_required`
    with a short-lived challenge for POST /api/auth/login/totp; None for a user without one."""
    factor = await on_store(lambda: security.factors.factor(name))
    if factor is None or not factor.enabled:
        return None
    challenge, expires_at = security.challenges.issue(name)
    message = (
        "totp required: POST /api/auth/login/totp with this challenge and a code from the authenticator app "
        "(or a recovery code)"
    )
    return reason_reply(
        401, message, TOTP_REASON, challenge=challenge, expires_at=expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    )
