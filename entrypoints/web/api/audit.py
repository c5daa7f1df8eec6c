"""GET /api/audit: the audit trail newest first, filtered by user and time, paged by id (keyset, as /api/events).

Admins only (issue 15): the role declaration comes with the route table of the authz change; until then the route
is authenticated like every other.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from quart import Blueprint

from entrypoints.web.api.context import adapters
from entrypoints.web.api.replies import dumped
from entrypoints.web.api.requests import query_args
from entrypoints.web.database import on_store
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.audit import AuditPageSchema, AuditQueryArgs, audit_view
from entrypoints.web.security.public import requires
from ports.audit_log import AuditQuery
from ports.user_store import Role

blueprint = Blueprint("audit_api", __name__)


@blueprint.get("/api/audit")
@requires(Role.ADMIN)
@operation(
    "The audit trail, newest first: logins, changes and refusals, with credential and client address",
    "audit",
    {200: Reply("A page of audit entries", AuditPageSchema)},
    query=AuditQueryArgs,
)
async def list_audit() -> dict[str, Any]:
    query = AuditQuery(**query_args(AuditQueryArgs()))
    return await on_store(partial(audit_page, query))


def audit_page(query: AuditQuery) -> dict[str, Any]:
    """One page as the API answers it (the dashboard's audit panel shows the same); on a store worker."""
    found = adapters().audit_log().page(query)
    # A full page may have older entries behind it; a short one is the last
    next_before = found[-1].id if len(found) == query.limit else None
    page = {"entries": [audit_view(record) for record in found], "limit": query.limit, "next_before_id": next_before}
    return dumped(AuditPageSchema(), page)
