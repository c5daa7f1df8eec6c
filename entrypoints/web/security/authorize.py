"""May this principal do what this request asks? The one role check of every route (ADR 0080), and the refusal
that the guard answers and tells its listeners about (the audit trail records them through `Security.on_refusal`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from quart import request

from entrypoints.web.security.principal import Principal
from entrypoints.web.security.public import requirement_of
from ports.user_store import Role

UNDECLARED = "this route declares no role, so it is refused to everyone; declare @public or @requires next to it"


@dataclass(frozen=True)
class Refusal:
    """A request the guard refused: 401 (no valid credential) or 403 (CSRF, or a role too low).

    principal: who asked, None on a 401; needed: the role the request needed, when a role refused it; field: the
    input that decided it (`type` of a command); client: the real client's address (client.py).
    """

    status: int
    reason: str
    method: str
    path: str
    client: str
    principal: Principal | None = None
    needed: Role | None = None
    field: str | None = None


RefusalListener = Callable[[Refusal], Awaitable[None]]


async def role_refusal(view: Callable[..., Any], principal: Principal) -> tuple[str, Role | None, str | None] | None:
    """Why `principal` may not call `view` with this request (message, role needed, field), or None if it may."""
    requirement = requirement_of(view)
    if requirement is None:
        return UNDECLARED, None, None
    needed, what, field = requirement.least, "", None
    if requirement.by_type:
        type_name = await _body_type()
        needed = requirement.role_for(type_name)
        if needed is not requirement.least:
            what, field = f" for {type_name}", "type"
    if principal.role.allows(needed):
        return None
    message = f"role {needed.value} or above needed{what}; you are {principal.role.value}"
    return (f"{field}: {message}" if field else message), needed, field


async def _body_type() -> object:
    # A body that is not a JSON object is left to the view, which answers 400 (after the route's least role passed)
    body = await request.get_json(silent=True)
    return body.get("type") if isinstance(body, dict) else None
