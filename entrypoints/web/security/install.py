"""install_security: the guard before every request, the headers after it, and the auth routes."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial

from quart import Quart, Response, g, request

from adapters.memory.audit_log import InMemoryAuditLog
from adapters.memory.login_attempts import InMemoryLoginAttempts
from adapters.memory.second_factor_store import InMemorySecondFactorStore
from adapters.memory.session_store import InMemorySessionStore
from adapters.system.clock import SystemClock
from config.secrets import Secret
from entrypoints.containers.web import WebContainer
from entrypoints.web.database import LANES, PROBES, REQUESTS, WorkOwnsItsStores, on_store, store_lanes, worker_port
from entrypoints.web.security.audit import install_audit
from entrypoints.web.security.authenticate import AuthFailure, has_credentials
from entrypoints.web.security.authorize import role_refusal
from entrypoints.web.security.client import ClientOrigin, request_origin
from entrypoints.web.security.csrf import csrf_refusal
from entrypoints.web.security.headers import security_headers
from entrypoints.web.security.key_routes import keys_blueprint
from entrypoints.web.security.principal import Principal
from entrypoints.web.security.public import is_loopback_public, is_public, requirement_of
from entrypoints.web.security.replies import error_reply
from entrypoints.web.security.routes import auth_blueprint
from entrypoints.web.security.second_factor import second_factor_gate
from entrypoints.web.security.settings import SecuritySettings
from entrypoints.web.security.state import Security
from entrypoints.web.security.totp_routes import totp_blueprint
from ports.audit_log import AuditLog
from ports.clock import Clock
from ports.login_attempts import LoginAttempts
from ports.second_factor_store import SecondFactorStore
from ports.session_store import SessionStore
from ports.user_store import UserStore

log = logging.getLogger("alphaengine.web.auth")
EXTENSION = "security"
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="alphaengine"'}


def install_security(
    app: Quart,
    users: UserStore,
    secret: Secret,
    clock: Clock,
    settings: SecuritySettings | None = None,
    attempts: LoginAttempts | None = None,
    audit: AuditLog | None = None,
    sessions: SessionStore | None = None,
    factors: SecondFactorStore | None = None,
    totp_clock: Clock | None = None,
) -> Security:
    """Require authentication on every route except `public` ones and static files, and the role each route
    declares (ADR 0080); add the auth routes.

    attempts: where login attempts are counted (the database's, in the real app); a fresh in-memory store if None.
    audit: where the audit trail is written (ADR 0081); likewise.
    sessions: where login sessions are kept (the database's, in the real app); a fresh in-memory store if None.
    factors: the second factors (ADR 0085), an in-memory store over `users` if None; totp_clock: the real time TOTP
    codes are read on (`clock` if None).
    """
    security = Security.build(
        users,
        attempts or InMemoryLoginAttempts(),
        secret.reveal(),
        clock,
        settings or SecuritySettings(),
        sessions or InMemorySessionStore(),
        factors or InMemorySecondFactorStore(users),
        totp_clock,
    )
    app.extensions[EXTENSION] = security
    # create_app made them already; an app of its own still looks its users up off the event loop
    app.extensions.setdefault(LANES, store_lanes(WorkOwnsItsStores()))
    # First in line, so no other before_request hook runs for a request that will be refused
    app.before_request_funcs.setdefault(None, []).insert(0, _guard(app, security))
    app.after_request(_add_headers(security.settings))
    app.register_blueprint(auth_blueprint(security))
    app.register_blueprint(keys_blueprint(security))
    install_audit(app, security, audit or InMemoryAuditLog())
    app.register_blueprint(totp_blueprint(security))
    return security


def security_installer(
    container: WebContainer,
    settings: SecuritySettings | None = None,
) -> Callable[[Quart], Security]:
    """create_app's `security` argument: install_security on the container's user store, web secret and clock."""

    def install(app: Quart) -> Security:
        # Each call reaches the calling store worker's own user store (ADR 0066)
        users, attempts = worker_port("user_store"), worker_port("login_attempts")
        factors = worker_port("second_factor_store")
        secret, clock = container.secrets().web_secret_key, container.adapters.clock()
        # A phone's TOTP app runs on real time, also where the web's clock is the demo's faster one
        totp_clock = clock if container.config.time_scale() == 1 else SystemClock()
        return install_security(
            app,
            users,
            secret,
            clock,
            settings,
            attempts,
            worker_port("audit_log"),
            worker_port("session_store"),
            factors,
            totp_clock,
        )

    return install


def _guard(app: Quart, security: Security) -> Callable[[], Awaitable[Response | None]]:
    async def guard() -> Response | None:
        # Worked out once, first, with the trusted proxies: every later use of the client's address or scheme agrees
        origin = request_origin(security.settings.trusted_proxies)
        endpoint = request.endpoint
        view = app.view_functions.get(endpoint) if endpoint else None
        # No view means routing failed: let Quart answer 404/405 without revealing more
        if view is None or _is_static(endpoint):
            return None
        if is_public(view):
            await _details_principal(security, view, origin)
            return None
        if is_loopback_public(view) and origin.direct_loopback:
            return None
        try:
            principal = await _authenticated(security, origin)
        except AuthFailure as exc:
            log.debug("refused %s %s from client %s: %s", request.method, request.path, origin.address, exc)
            return error_reply(401, str(exc), headers=CHALLENGE)
        # Set before any refusal below, so the audit trail names who was refused (ADR 0081)
        g.principal = principal
        refused = await _forbidden(security, view, principal, origin.address)
        if refused is not None:
            return refused
        return await second_factor_gate(security, principal, view)

    return guard


async def _authenticated(security: Security, origin: ClientOrigin, lane: str = REQUESTS) -> Principal:
    # The credentials are looked up in the user store: on a store worker (ADR 0066)
    authenticate = partial(
        security.authenticator.authenticate, request.headers, request.cookies, origin.tls, origin.address
    )
    return await on_store(authenticate, lane)


async def _forbidden(
    security: Security, view: Callable[..., object], principal: Principal, client: str
) -> Response | None:
    """The 403 for a cookie request without its CSRF token, or a role below the route's (ADR 0080), else None."""
    refusal = await csrf_refusal(request, principal)
    if refusal is not None:
        log.warning(
            "refused %s %s for user %r from client %s: CSRF token missing or wrong",
            request.method,
            request.path,
            principal.name,
            client,
        )
        return error_reply(403, refusal)
    by_role = await role_refusal(view, principal)
    if by_role is None:
        return None
    message, needed, field = by_role
    # A route that declares no role is a bug of ours, not the caller's
    log.log(
        logging.WARNING if needed is not None else logging.ERROR,
        "refused %s %s for user %r (%s) from client %s: %s",
        request.method,
        request.path,
        principal.name,
        principal.role.value,
        client,
        message,
    )
    return error_reply(403, message, field=field)


async def _details_principal(security: Security, view: Callable[..., object], origin: ClientOrigin) -> None:
    """On a public route that shows more to a role: the principal when its credential is valid and its role enough."""
    if requirement_of(view) is None or not has_credentials(request.headers, request.cookies, origin.tls):
        return
    try:
        # The probes' lane, as the view's own read: /health answers while every request worker is busy
        principal = await _authenticated(security, origin, PROBES)
    except AuthFailure:
        # A public route never refuses: a bad credential gets what anybody gets
        return
    if await role_refusal(view, principal) is None:
        g.principal = principal


def _is_static(endpoint: str | None) -> bool:
    return endpoint is not None and (endpoint == "static" or endpoint.endswith(".static"))


def _add_headers(settings: SecuritySettings) -> Callable[[Response], Awaitable[Response]]:
    over_tls, over_http = security_headers(settings.csp, tls=True), security_headers(settings.csp, tls=False)

    async def add_headers(response: Response) -> Response:
        # HSTS only where the browser came over TLS: sent over plain http it would strand a loopback demo
        headers = over_tls if request_origin(settings.trusted_proxies).tls else over_http
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if response.mimetype == "text/html":
            # Pages show account data and carry the CSRF token: never from a cache, even the static login page's
            response.headers["Cache-Control"] = "no-store"
        elif request.path.startswith("/api/"):
            # Authenticated data must not linger in shared or browser caches
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return add_headers
