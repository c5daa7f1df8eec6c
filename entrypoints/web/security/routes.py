"""POST /api/auth/login (public, rate-limited: starts a login session) and POST /api/auth/logout (ends it)."""

from __future__ import annotations

import logging
from functools import partial

import anyio
from marshmallow import ValidationError
from quart import Blueprint, Response, jsonify, request

from config.errors import problems
from domain.text import find_bad_text
from entrypoints.web.database import on_store
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.common import ErrorSchema
from entrypoints.web.security.client import request_origin
from entrypoints.web.security.cookies import clear_session_cookies
from entrypoints.web.security.passwords import burn_time, hash_password, needs_rehash, verify_password
from entrypoints.web.security.principal import current_principal
from entrypoints.web.security.public import public, requires
from entrypoints.web.security.replies import error_reply
from entrypoints.web.security.schemas import LoginRequestSchema, LoginResponseSchema, LogoutResponseSchema
from entrypoints.web.security.second_factor import second_step
from entrypoints.web.security.session_routes import begin_session, granted, session_blueprint
from entrypoints.web.security.sessions import disabled_refusal
from entrypoints.web.security.state import Security
from ports.session_store import Ending
from ports.user_store import Role

log = logging.getLogger("alphaengine.web.auth")
WRONG_CREDENTIALS = "invalid username or password"
NOT_JSON = 'send the credentials as JSON: {"username": "...", "password": "..."}'
_LOGIN_REPLIES = {
    200: Reply("Logged in: the token, also set as an HttpOnly cookie with a readable CSRF cookie", LoginResponseSchema),
    401: Reply("Wrong user name or password (one message for both), or totp_required with a challenge", ErrorSchema),
    429: Reply("Too many attempts from this client or at this user name; wait Retry-After seconds", ErrorSchema),
}
_LOGOUT_REPLIES = {
    200: Reply("Logged out: the login session is ended and the cookies cleared", LogoutResponseSchema),
    400: Reply("An API key has no session to log out", ErrorSchema),
}


def auth_blueprint(security: Security) -> Blueprint:
    blueprint = Blueprint("auth", __name__)

    @blueprint.post("/api/auth/login")
    @public
    @operation("Log in with a user name and password", "auth", _LOGIN_REPLIES, body=LoginRequestSchema)
    async def login() -> Response:
        client = request_origin().address
        # Every attempt counts against the real client, before anything is read: a flood costs one store write each
        by_client = await on_store(partial(security.login_limiter.hit, security.per_client, client))
        if by_client.retry_after is not None:
            log.warning("login refused: rate limit for client %s (retry in %d s)", client, by_client.retry_after)
            return _too_many(by_client.retry_after)
        if not request.is_json:
            return error_reply(415, NOT_JSON)
        body = await request.get_json(silent=True) or {}
        bad_text = find_bad_text(body)
        if bad_text is not None:
            # Before any lookup: the user store cannot even encode such a name
            field, problem = bad_text
            log.warning("login refused: %s: %s, from client %s", field or "body", problem, client)
            return error_reply(400, f"{field or 'body'}: {problem}", field=field or None)
        try:
            credentials = LoginRequestSchema().load(body)
        except ValidationError as exc:
            field, problem = problems(exc, "")[0]
            return error_reply(400, f"{field or 'body'}: {problem}", field=field or None)
        name = credentials["username"]
        # Counted for any name, known or not, and checked before the password: the answer never tells them apart
        by_account = await on_store(partial(security.login_limiter.hit, security.per_account, name))
        if by_account.retry_after is not None:
            log.warning(
                "login refused: rate limit for user %r (retry in %d s), from client %s",
                name,
                by_account.retry_after,
                client,
            )
            return _too_many(by_account.retry_after)
        if not await _check_credentials(security, name, credentials["password"]):
            # %r quotes the name, so a name with line breaks cannot forge log lines
            log.warning("login failed: user %r from client %s", name, client)
            return error_reply(401, WRONG_CREDENTIALS)
        # The account counts failures only; every other attempt (another client's guesses) still counts
        await on_store(partial(security.login_limiter.withdraw, by_account))
        if (totp_required := await second_step(security, name)) is not None:
            return totp_required
        return await _logged_in(security, name, client, request_origin().tls)

    @blueprint.post("/api/auth/logout")
    @requires(Role.VIEWER)
    @operation("Log out: end this login session", "auth", _LOGOUT_REPLIES)
    async def logout() -> Response:
        principal = current_principal()
        if principal is None or principal.session is None:
            return error_reply(400, "an API key has no session to log out; remove the key instead")
        session_id = principal.session.session_id
        await on_store(partial(security.sessions.end, session_id, Ending.LOGOUT))
        log.info("logout: user %r (session %s)", principal.name, session_id)
        response = jsonify({"status": "logged out"})
        clear_session_cookies(response, request_origin().tls)
        return response

    blueprint.register_blueprint(session_blueprint(security, _check_credentials))
    return blueprint


async def _check_credentials(security: Security, name: str, password: str) -> bool:
    user = await on_store(lambda: security.users.get_user(name))
    params = security.settings.password_params
    if user is None or disabled_refusal(user) is not None:
        # Same work and the same answer as a wrong password, so user names (or a disabled one) cannot be probed
        await anyio.to_thread.run_sync(burn_time, password, params, limiter=security.password_work)
        return False
    # argon2id takes a few hundred milliseconds and 64 MiB: off the event loop, a bounded number at once
    if not await anyio.to_thread.run_sync(
        verify_password, password, user.password_hash, limiter=security.password_work
    ):
        return False
    if needs_rehash(user.password_hash, params):
        rehashed = await anyio.to_thread.run_sync(hash_password, password, params, limiter=security.password_work)
        await on_store(lambda: security.users.set_password(name, rehashed))
    return True


def _too_many(retry_after: int) -> Response:
    # One answer whichever limit refused: it says nothing about the account
    return error_reply(
        429, f"too many login attempts; retry in {retry_after} s", headers={"Retry-After": str(retry_after)}
    )


async def _logged_in(security: Security, name: str, client: str, tls: bool) -> Response:
    """Start a login session for `name` (its password, and its second factor if enrolled, checked) and hand it out."""
    grant = await on_store(begin_session(security, name))
    log.info("login: user %r from client %s (session %s)", name, client, grant.session.session_id)
    return granted(grant, tls)
