"""The second factor's routes (ADR 0085): enrol and activate TOTP, the login's second step, and step-up.

GET /api/auth/totp, POST /api/auth/totp/enrol, POST /api/auth/totp/confirm (a first code activates it),
POST /api/auth/login/totp (public: the challenge and a code), POST /api/auth/confirm (step-up for dangerous actions).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from marshmallow import Schema
from quart import Blueprint, Response, jsonify

from entrypoints.web.api.errors import ApiError
from entrypoints.web.api.requests import json_body, load
from entrypoints.web.database import on_store
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.common import ErrorSchema
from entrypoints.web.security.challenge import InvalidChallenge
from entrypoints.web.security.client import request_origin
from entrypoints.web.security.principal import Principal, current_principal
from entrypoints.web.security.public import public, requires
from entrypoints.web.security.replies import error_reply
from entrypoints.web.security.routes import _check_credentials, _logged_in, _too_many
from entrypoints.web.security.second_factor import REQUIRED_ROLES
from entrypoints.web.security.state import Security
from entrypoints.web.security.totp import is_totp_code, matching_step, new_enrolment, recovery_hash
from entrypoints.web.security.totp_schemas import (
    CodeRequestSchema,
    ConfirmedSchema,
    ConfirmRequestSchema,
    EnrolmentSchema,
    LoginCodeRequestSchema,
    TotpStatusSchema,
)
from ports.second_factor_store import Confirmation
from ports.user_store import Role

log = logging.getLogger("alphaengine.web.auth")
WRONG_CODE = "code: not a current code of the authenticator app nor an unused recovery code"
SESSIONS_ONLY = "a second factor is enrolled and confirmed from a logged-in session, not with an API key"
_TAG = "auth"


def totp_blueprint(security: Security) -> Blueprint:
    blueprint = Blueprint("auth_totp", __name__)

    @blueprint.get("/api/auth/totp")
    @requires(Role.VIEWER)  # one's own second factor
    @operation("Whether this user has a second factor, and must", _TAG, {200: Reply("The state", TotpStatusSchema)})
    async def status() -> Response:
        principal = _principal()
        factor = await on_store(lambda: security.factors.factor(principal.name))
        required = security.settings.second_factor_required and principal.role in REQUIRED_ROLES
        return jsonify(
            {
                "enabled": factor is not None and factor.enabled,
                "pending": factor is not None and not factor.enabled,
                "required": required,
                "recovery_codes_left": len(factor.recovery_hashes) if factor is not None else 0,
            }
        )

    @blueprint.post("/api/auth/totp/enrol")
    @requires(Role.VIEWER)  # one's own second factor
    @operation(
        "Enrol TOTP: a new secret and ten recovery codes, shown once; active after POST /api/auth/totp/confirm",
        _TAG,
        {
            200: Reply("The otpauth URI and the recovery codes (never shown again)", EnrolmentSchema),
            400: Reply("An API key cannot enrol", ErrorSchema),
            409: Reply("A second factor is already active", ErrorSchema),
        },
    )
    async def enrol() -> Response:
        principal = _principal()
        if principal.session is None:
            return error_reply(400, SESSIONS_ONLY)
        enrolment = new_enrolment(security.secret_box, principal.name, security.clock.now())
        if not await on_store(partial(_enrol_unless_active, security, enrolment.factor)):
            return error_reply(
                409,
                "a second factor is already active; to replace it, an admin runs "
                f"`alphaengine user totp {principal.name}` (or --disable)",
            )
        log.info("second factor enrolment started: user %r", principal.name)
        body = {"uri": enrolment.uri, "secret": enrolment.secret, "recovery_codes": list(enrolment.recovery_codes)}
        return jsonify(body)

    @blueprint.post("/api/auth/totp/confirm")
    @requires(Role.VIEWER)  # one's own second factor
    @operation(
        "Activate the enrolled TOTP with a first code (this session counts as confirmed)",
        _TAG,
        {200: Reply("Active", ConfirmedSchema), 400: Reply("No enrolment, or not its current code", ErrorSchema)},
        body=CodeRequestSchema,
    )
    async def confirm_enrolment() -> Response:
        principal = _principal()
        request_body = await _input(CodeRequestSchema())
        if isinstance(request_body, Response):
            return request_body
        if principal.session is None:
            return error_reply(400, SESSIONS_ONLY)
        if not await on_store(partial(_activate, security, principal.name, request_body["code"])):
            log.warning("second factor activation failed: user %r from client %s", principal.name, _client())
            return error_reply(
                400,
                "code: not the current code of the enrolled secret; check the phone's clock, or enrol again",
                field="code",
            )
        log.info("second factor active: user %r", principal.name)
        return jsonify(await on_store(partial(_confirm, security, principal, Confirmation.TOTP)))

    @blueprint.post("/api/auth/login/totp")
    @public
    @operation(
        "The login's second step: the challenge from POST /api/auth/login and a TOTP or recovery code",
        _TAG,
        {
            200: Reply("Logged in, as POST /api/auth/login answers for a user without TOTP"),
            400: Reply("The challenge is invalid or expired: log in again", ErrorSchema),
            401: Reply("Wrong code", ErrorSchema),
            429: Reply("Too many attempts from this client or at this user; wait Retry-After seconds", ErrorSchema),
        },
        body=LoginCodeRequestSchema,
    )
    async def login_totp() -> Response:
        client = _client()
        by_client = await on_store(partial(security.login_limiter.hit, security.per_client, client))
        if by_client.retry_after is not None:
            return _too_many(by_client.retry_after)
        request_body = await _input(LoginCodeRequestSchema())
        if isinstance(request_body, Response):
            return request_body
        try:
            name = security.challenges.verify(request_body["challenge"])
        except InvalidChallenge as exc:
            return error_reply(400, str(exc), field="challenge")
        by_account = await on_store(partial(security.login_limiter.hit, security.per_account, name))
        if by_account.retry_after is not None:
            return _too_many(by_account.retry_after)
        used = await on_store(partial(check_code, security, name, request_body["code"]))
        if used is None:
            log.warning("login failed at the second step: user %r from client %s", name, client)
            return error_reply(401, WRONG_CODE, field="code")
        await on_store(partial(security.login_limiter.withdraw, by_account))
        log.info("login: user %r from client %s with a %s code", name, client, used.value)
        return await _logged_in(security, name, client, request_origin().tls)

    @blueprint.post("/api/auth/confirm")
    @requires(Role.VIEWER)  # one's own second factor
    @operation(
        "Step-up: confirm this session for dangerous actions for a few minutes (a TOTP or recovery code; the "
        "password for a user without TOTP)",
        _TAG,
        {
            200: Reply("Confirmed", ConfirmedSchema),
            400: Reply("An API key has no session to confirm, or the wrong field was sent", ErrorSchema),
            401: Reply("Wrong code or password", ErrorSchema),
            429: Reply("Too many attempts; wait Retry-After seconds", ErrorSchema),
        },
        body=ConfirmRequestSchema,
    )
    async def confirm() -> Response:
        principal = _principal()
        if principal.session is None:
            return error_reply(400, "an API key cannot confirm: dangerous actions are done from a logged-in session")
        request_body = await _input(ConfirmRequestSchema())
        if isinstance(request_body, Response):
            return request_body
        by_account = await on_store(partial(security.login_limiter.hit, security.per_account, principal.name))
        if by_account.retry_after is not None:
            return _too_many(by_account.retry_after)
        factor = await on_store(lambda: security.factors.factor(principal.name))
        used: Confirmation | None
        if factor is not None and factor.enabled:
            if "code" not in request_body:
                return error_reply(400, "code: required, from the authenticator app (or a recovery code)", field="code")
            used = await on_store(partial(check_code, security, principal.name, request_body["code"]))
        else:
            if "password" not in request_body:
                return error_reply(400, "password: required (this user has no second factor)", field="password")
            # The login's own check (its timing, its rehash): one path for a password
            password_ok = await _check_credentials(security, principal.name, request_body["password"])
            used = Confirmation.PASSWORD if password_ok else None
        if used is None:
            log.warning("step-up failed: user %r from client %s", principal.name, _client())
            return error_reply(401, "code or password: wrong; try again", field="code" if factor else "password")
        await on_store(partial(security.login_limiter.withdraw, by_account))
        log.info("step-up: user %r from client %s with a %s", principal.name, _client(), used.value)
        return jsonify(await on_store(partial(_confirm, security, principal, used)))

    return blueprint


def check_code(security: Security, name: str, code: str) -> Confirmation | None:
    """Use `code` of `name`'s active factor: a TOTP code once per time-step, a recovery code once.

    On a store worker."""
    factor = security.factors.factor(name)
    if factor is None or not factor.enabled:
        return None
    if not is_totp_code(code):
        return Confirmation.RECOVERY if security.factors.use_recovery_code(name, recovery_hash(code)) else None
    secret = security.secret_box.open(name, factor.sealed_secret)
    if secret is None:
        log.error(
            "the TOTP secret of user %r does not open (web.secret_key changed?): log in with a recovery code, or "
            "re-enrol with `alphaengine user totp`",
            name,
        )
        return None
    step = matching_step(secret, code, security.totp_clock.now())
    return Confirmation.TOTP if step is not None and security.factors.use_step(name, step) else None


def _enrol_unless_active(security: Security, factor: Any) -> bool:
    current = security.factors.factor(factor.user_name)
    if current is not None and current.enabled:
        return False
    security.factors.enrol(factor)
    return True


def _activate(security: Security, name: str, code: str) -> bool:
    factor = security.factors.factor(name)
    if factor is None or factor.enabled or not is_totp_code(code):
        return False
    secret = security.secret_box.open(name, factor.sealed_secret)
    step = matching_step(secret, code, security.totp_clock.now()) if secret is not None else None
    return step is not None and security.factors.enable(name, step)


def _confirm(security: Security, principal: Principal, how: Confirmation) -> dict[str, str]:
    session = principal.session
    if session is None:
        raise ValueError("only a session is confirmed")
    now = security.clock.now()
    # Never past the session's own end: the confirmation dies with it
    until = min(now + security.settings.step_up_window, session.expires_at)
    security.factors.forget_confirmations(before=now)
    security.factors.confirm(session.jti, principal.name, how, until)
    return {"confirmed_by": how.value, "until": until.strftime("%Y-%m-%dT%H:%M:%SZ")}


async def _input(schema: Schema) -> dict[str, Any] | Response:
    try:
        return load(schema, await json_body())
    except ApiError as exc:
        return error_reply(exc.status, exc.message, field=exc.field)


def _principal() -> Principal:
    principal = current_principal()
    if principal is None:
        raise RuntimeError("the guard authenticates every route of this blueprint but the login's second step")
    return principal


def _client() -> str:
    return request_origin().address
