"""May this principal do what this request asks? The one role check of every route (ADR 0080); the guard answers the
refusal, and the audit trail records it from the response (ADR 0081)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quart import request

from entrypoints.web.security.principal import Principal
from entrypoints.web.security.public import requirement_of
from ports.user_store import Role

UNDECLARED = "this route declares no role, so it is refused to everyone; declare @public or @requires next to it"


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
