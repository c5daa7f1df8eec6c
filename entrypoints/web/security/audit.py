"""The audit trail's one writer: an after_request hook that records every state-changing request, every login and
logout, and every 401/403/429 refusal, with who, which credential, from where and how it ended (ADR 0081).

after_request also runs for the guard's refusals, for error handlers' answers and for Quart's 500 path, so no
request that should leave a trace escapes it. A failed write is logged at ERROR and the response goes out unchanged:
a committed command must not look failed to its client, and a refusal is never held up by the trail.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from quart import Quart, Response, request

from domain.text import shown
from entrypoints.web.database import on_store
from entrypoints.web.security.audit_throttle import AnonymousThrottle
from entrypoints.web.security.client import request_origin
from entrypoints.web.security.principal import Principal, current_principal
from entrypoints.web.security.state import Security
from entrypoints.web.security.tokens import InvalidToken
from ports.audit_log import ANONYMOUS, MAX_DETAIL_LENGTH, AuditEntry, AuditLog, capped

log = logging.getLogger("alphaengine.web.audit")
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REFUSALS = frozenset({401, 403, 429})
LOGIN, LOGOUT, COMMANDS, CONFIG = "/api/auth/login", "/api/auth/logout", "/api/commands", "/api/config/"
# Read back from a request only where its body is known small (the app caps bodies at 64 KiB; this is a second cap)
MAX_READ_BYTES = 64 * 1024


def install_audit(app: Quart, security: Security, audit: AuditLog) -> None:
    """Record the audited requests of `app` in `audit` (the calling store worker's, in the real app)."""
    app.after_request(_recorder(security, audit, AnonymousThrottle()))


def audited(method: str, path: str, status: int) -> bool:
    """Which requests leave an entry: logins and logouts, every state-changing request, every refusal."""
    return path in (LOGIN, LOGOUT) or method in STATE_CHANGING or status in REFUSALS


def credential_of(principal: Principal | None) -> str:
    """ "session:<jti>", "key:<key_id>" or "anonymous": enough to find, and revoke, what made the request."""
    if principal is not None and principal.session is not None:
        return f"session:{principal.session.jti}"
    if principal is not None and principal.key_id is not None:
        return f"key:{principal.key_id}"
    return ANONYMOUS


def outcome_of(status: int, reason: str) -> str:
    """ "ok" below 400; "refused: <reason>" for 401/403/429; "failed: <reason>" for any other error."""
    if status < 400:
        return "ok"
    return capped(f"{'refused' if status in REFUSALS else 'failed'}: {shown(reason) or status}")


@dataclass(frozen=True)
class _Seen:
    """What the hook read off the request and response (on the event loop) before it goes to a store worker."""

    user: str
    role: str
    credential: str
    action: str
    status: int
    outcome: str
    detail: str
    # A login that succeeded: its role is read from the user on the store worker
    login_user: str | None = None


def _recorder(
    security: Security, audit: AuditLog, throttle: AnonymousThrottle
) -> Callable[[Response], Awaitable[Response]]:
    async def record(response: Response) -> Response:
        try:
            if audited(request.method, request.path, response.status_code):
                seen = await _seen(security, response)
                client = request_origin(security.settings.trusted_proxies).address
                if seen.credential != ANONYMOUS or _admitted(throttle, client, security):
                    await on_store(partial(_append, security, audit, seen, client))
        except Exception as exc:  # noqa: BLE001 - the trail must never turn an answer into an error
            # The entry is lost: this line is all that is left of it, so it says who and from where
            principal = current_principal()
            log.error(
                "audit write failed for %s %s (status %d) by user %r from client %s: %s: %s",
                request.method,
                shown(request.path),
                response.status_code,
                principal.name if principal is not None else "",
                request_origin(security.settings.trusted_proxies).address,
                type(exc).__name__,
                shown(str(exc)),
            )
        return response

    return record


def _admitted(throttle: AnonymousThrottle, client: str, security: Security) -> bool:
    verdict = throttle.admit(client, security.clock.now())
    if verdict is None:
        log.warning(
            "audit: client %s sent more than %d unauthenticated requests this minute; the rest are not recorded "
            "until the next",
            client,
            throttle.limit,
        )
    return verdict is True


def _append(security: Security, audit: AuditLog, seen: _Seen, client: str) -> None:
    role = seen.role
    if seen.login_user is not None:
        user = security.users.get_user(seen.login_user)
        role = user.role.value if user is not None else ""
    entry = AuditEntry(
        at=security.clock.now(),
        user=seen.user,
        role=role,
        credential=seen.credential,
        client=capped(client),
        action=seen.action,
        status=seen.status,
        outcome=seen.outcome,
        detail=seen.detail,
    )
    audit.append(entry)


async def _seen(security: Security, response: Response) -> _Seen:
    principal = current_principal()
    status = response.status_code
    reply = await _json(response)
    error = reply.get("error")
    reason = error if isinstance(error, str) else ""
    user = principal.name if principal is not None else ""
    role = principal.role.value if principal is not None else ""
    credential, detail, login_user = credential_of(principal), "", None
    if request.path == LOGIN and request.method == "POST":
        action = "login"
        user = await _name_tried()
        if status == 200:
            credential, login_user = _login_credential(security, reply), user
    elif request.path == LOGOUT and request.method == "POST":
        action = "logout"
    else:
        action = f"{request.method} {request.path}"
        if request.path == COMMANDS and request.method == "POST":
            action = f"{action} {await _command_type(reply)}".rstrip()
        detail = _detail(request.path, reply) if status < 400 else ""
    return _Seen(
        user=capped(shown(user)),
        role=role,
        credential=capped(credential),
        action=capped(shown(action)),
        status=status,
        outcome=outcome_of(status, reason),
        detail=capped(shown(detail), MAX_DETAIL_LENGTH),
        login_user=login_user,
    )


def _login_credential(security: Security, reply: dict[str, Any]) -> str:
    # The session the login just issued: its jti ties the login to every later action of that session
    token = reply.get("token")
    if not isinstance(token, str):
        return ANONYMOUS
    try:
        return f"session:{security.tokens.verify(token).jti}"
    except InvalidToken:
        return ANONYMOUS


def _detail(path: str, reply: dict[str, Any]) -> str:
    """What a change did, from the reply of the routes that say it: a queued command, a stored settings section.

    Only these routes' replies are read: others may carry secrets (a login's token, a new API key) that the trail
    never holds.
    """
    if path == COMMANDS and isinstance(reply.get("command_id"), str) and isinstance(reply.get("type"), str):
        return f"command {reply['command_id']} {reply['type']} {_compact(reply.get('payload'))}"
    config = path.startswith(CONFIG) and isinstance(reply.get("key"), str) and isinstance(reply.get("version"), int)
    if config and "value" in reply:
        return f"config {reply['key']} version {reply['version']} {_compact(reply['value'])}"
    return ""


async def _command_type(reply: dict[str, Any]) -> str:
    # From the reply when the command was queued, else from the body it was refused with (never trusted, only shown)
    found = reply.get("type")
    if not isinstance(found, str):
        body = await _request_json()
        found = body.get("type")
    return found if isinstance(found, str) else ""


async def _name_tried() -> str:
    # Only the user name: the password in the same body never leaves this function
    name = (await _request_json()).get("username")
    return name if isinstance(name, str) else ""


async def _request_json() -> dict[str, Any]:
    if not request.is_json or (request.content_length or 0) > MAX_READ_BYTES:
        return {}
    body = await request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


async def _json(response: Response) -> dict[str, Any]:
    if response.mimetype != "application/json":
        return {}
    try:
        body = json.loads(await response.get_data(as_text=True))
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
