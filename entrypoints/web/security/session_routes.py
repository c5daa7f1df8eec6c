"""POST /api/auth/refresh (rotate), /api/auth/logout-all and /api/auth/password (ADR 0083), and the login reply."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial
from typing import Any

import anyio
from marshmallow import Schema, ValidationError
from quart import Blueprint, Response, jsonify, request

from config.errors import problems
from domain.text import find_bad_text
from entrypoints.web.database import on_store
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.common import ErrorSchema
from entrypoints.web.security.client import request_origin
from entrypoints.web.security.cookies import clear_session_cookies, refresh_cookies_read, set_session_cookies
from entrypoints.web.security.passwords import check_password, hash_password
from entrypoints.web.security.principal import current_principal
from entrypoints.web.security.public import public, requires
from entrypoints.web.security.replies import error_reply
from entrypoints.web.security.schemas import (
    LoginResponseSchema,
    LogoutAllResponseSchema,
    PasswordChangeSchema,
    RefreshRequestSchema,
)
from entrypoints.web.security.sessions import Grant, RefreshConflict, SessionEnded
from entrypoints.web.security.state import Security
from entrypoints.web.security.user_sessions import change_password
from ports.session_store import Ending
from ports.user_store import Role

log = logging.getLogger("alphaengine.web.auth")
CheckCredentials = Callable[[Security, str, str], Awaitable[bool]]
_JSON_ONLY = "send a JSON body (an empty {} when the refresh cookie is sent)"
_NO_REFRESH = 'no refresh token: send the refresh cookie or {"refresh_token": "..."}, or log in again'
_REFRESH_REPLIES = {
    200: Reply("A new access token and a new refresh token (the one sent stops working)", LoginResponseSchema),
    401: Reply("The refresh token is invalid, or its session has ended; log in again", ErrorSchema),
    409: Reply("The session was refreshed a moment ago by another tab; retry with the cookie now set", ErrorSchema),
}
_LOGOUT_ALL_REPLIES = {200: Reply("Every login session of this user is ended", LogoutAllResponseSchema)}
_PASSWORD_REPLIES = {
    200: Reply("Password changed: every session ended; this client gets a fresh one", LoginResponseSchema),
    400: Reply("The new password is refused (the message says why), or an API key asked", ErrorSchema),
    401: Reply("The current password is wrong", ErrorSchema),
    429: Reply("Too many wrong passwords at this user name; wait Retry-After seconds", ErrorSchema),
}


def session_blueprint(security: Security, check_credentials: CheckCredentials) -> Blueprint:
    blueprint = Blueprint("sessions", __name__)

    @blueprint.post("/api/auth/refresh")
    @public
    @operation("Rotate the refresh token: a new access token and refresh token", "auth", _REFRESH_REPLIES)
    async def refresh() -> Response:
        # JSON only, like login: a cross-site form cannot send it without a preflight this server never allows
        if not request.is_json:
            return error_reply(415, _JSON_ONLY)
        body, tls = await _load(RefreshRequestSchema()), request_origin().tls
        if isinstance(body, Response):
            return body
        token = body["refresh_token"] or next(
            (request.cookies[name] for name in refresh_cookies_read(tls) if request.cookies.get(name)), None
        )
        if not token:
            return error_reply(401, _NO_REFRESH)
        try:
            grant = await on_store(partial(security.sessions.refresh, token))
        except RefreshConflict as exc:
            return error_reply(409, str(exc))
        except SessionEnded as exc:
            reply = error_reply(401, str(exc))
            clear_session_cookies(reply, tls)
            return reply
        return granted(grant, tls)

    @blueprint.post("/api/auth/logout-all")
    @requires(Role.VIEWER)  # one's own sessions
    @operation("Log out everywhere: end every login session of this user", "auth", _LOGOUT_ALL_REPLIES)
    async def logout_all() -> Response:
        principal = current_principal()
        if principal is None:
            return error_reply(401, "authentication required: log in")
        ended = await on_store(partial(security.sessions.end_all, principal.name, Ending.LOGOUT_ALL))
        log.info("logout everywhere: user %r, %d sessions ended, from client %s", principal.name, ended, _client())
        response = jsonify({"status": "logged out everywhere", "ended": ended})
        clear_session_cookies(response, request_origin().tls)
        return response

    @blueprint.post("/api/auth/password")
    @requires(Role.VIEWER)  # one's own password
    @operation(
        "Change your own password: every session ends, this client gets a fresh one",
        "auth",
        _PASSWORD_REPLIES,
        body=PasswordChangeSchema,
    )
    async def change_password() -> Response:
        principal = current_principal()
        if principal is None or principal.session is None:
            return error_reply(400, "an API key cannot change a password; log in, or use `alphaengine user passwd`")
        body = await _load(PasswordChangeSchema())
        if isinstance(body, Response):
            return body
        name = principal.name
        # Guessing the current password from a stolen session costs like guessing at login
        by_account = await on_store(partial(security.login_limiter.hit, security.per_account, name))
        if by_account.retry_after is not None:
            retry = str(by_account.retry_after)
            return error_reply(429, f"too many attempts; retry in {retry} s", headers={"Retry-After": retry})
        if not await check_credentials(security, name, body["current_password"]):
            log.warning("password change refused: wrong current password for user %r from %s", name, _client())
            return error_reply(401, "current_password: wrong password", field="current_password")
        await on_store(partial(security.login_limiter.withdraw, by_account))
        try:
            check_password(body["new_password"], name)
        except ValueError as exc:
            return error_reply(400, f"new_password: {exc}", field="new_password")
        # The KDF takes a few hundred milliseconds: keep it off the event loop
        password_hash = await anyio.to_thread.run_sync(
            hash_password, body["new_password"], security.settings.password_params, limiter=security.password_work
        )
        grant = await on_store(partial(_new_password, security, name, password_hash, begin_session(security, name)))
        log.info("password changed: user %r from client %s; every session ended", name, _client())
        return granted(grant, request_origin().tls)

    return blueprint


def begin_session(security: Security, name: str) -> Callable[[], Grant]:
    """Start a login session for `name` from this request's client and user agent (run it on a store worker)."""
    return partial(security.sessions.begin, name, _client(), request.headers.get("User-Agent", ""))


def granted(grant: Grant, tls: bool) -> Response:
    """The login reply: the tokens in the body and in cookies."""
    response = jsonify(
        {
            "user": grant.access.user,
            "token": grant.token,
            "token_type": "Bearer",
            "expires_at": _iso(grant.access.expires_at),
            "csrf_token": grant.access.csrf_token,
            "refresh_token": grant.refresh_token,
            "session_expires_at": _iso(grant.ends_at),
        }
    )
    left = int((grant.ends_at - grant.access.issued_at).total_seconds())
    set_session_cookies(response, grant.token, grant.access, tls, grant.refresh_token, left)
    return response


def _new_password(security: Security, name: str, password_hash: str, begin: Callable[[], Grant]) -> Grant:
    # Every session ends, this one too: a thief holding this session's refresh token is out as well
    change_password(security.users, security.sessions.store, name, password_hash, security.clock.now())
    return begin()


async def _load(schema: Schema) -> dict[str, Any] | Response:
    body = await request.get_json(silent=True)
    if body is None:
        body = {}
    bad_text = find_bad_text(body)
    if bad_text is not None:
        field, problem = bad_text
        return error_reply(400, f"{field or 'body'}: {problem}", field=field or None)
    try:
        loaded: dict[str, Any] = schema.load(body)
    except ValidationError as exc:
        field, problem = problems(exc, "")[0]
        return error_reply(400, f"{field or 'body'}: {problem}", field=field or None)
    return loaded


def _client() -> str:
    return request_origin().address


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
