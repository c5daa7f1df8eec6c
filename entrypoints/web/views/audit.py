"""GET /audit: the audit trail as a page for admins, newest first, from the same view as GET /api/audit."""

from __future__ import annotations

from functools import partial

from quart import Blueprint, render_template

from entrypoints.web.api.audit import audit_page
from entrypoints.web.api.context import mode
from entrypoints.web.api.requests import query_args
from entrypoints.web.database import on_store
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.audit import AuditQueryArgs
from entrypoints.web.schemas.common import ErrorSchema
from entrypoints.web.security.public import requires
from entrypoints.web.views.dashboard import send_browsers_to_login
from ports.audit_log import AuditQuery
from ports.user_store import Role

blueprint = Blueprint("audit_page", __name__)
# A browser that is not logged in is sent to the login page, as from the dashboard
blueprint.after_request(send_browsers_to_login)


@blueprint.get("/audit")
@requires(Role.ADMIN)
@operation(
    "The audit trail as an HTML page (admins)",
    "audit",
    {
        200: Reply("An HTML page", media_type="text/html", raw={"type": "string"}),
        400: Reply("A bad filter", ErrorSchema),
    },
    query=AuditQueryArgs,
)
async def page() -> str:
    query = AuditQuery(**query_args(AuditQueryArgs()))
    found = await on_store(partial(audit_page, query))
    # Every value goes through Jinja's autoescape: names, paths and details are user-controlled text
    return await render_template("audit.html", audit=found, user=query.user, mode=mode())
