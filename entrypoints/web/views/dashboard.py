"""GET / (the dashboard page, or one of its fragments); a browser that is not logged in is sent to the login page."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate
from quart import Blueprint, Response, redirect, render_template, request
from werkzeug.wrappers import Response as WerkzeugResponse

from config.settings import SECTIONS
from entrypoints.web.api.requests import query_args
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.common import ErrorSchema, StrictSchema
from entrypoints.web.security.principal import current_principal
from entrypoints.web.security.public import requires
from entrypoints.web.views.figures import when, with_times
from entrypoints.web.views.panels import commands_panel, health_panel, live_panel
from entrypoints.web.views.settings_form import settings_forms
from ports.user_store import Role

LOGIN_PAGE = "/static/login.html"
_HTML = "text/html"
# What htmx swaps in when events arrive; one template and one data source each
PANELS = {"live": live_panel, "commands": commands_panel, "health": health_panel}

blueprint = Blueprint("dashboard", __name__)
# Every page and fragment prints instants the one way: <time> elements the page's script localises
blueprint.add_app_template_global(when, "when")
blueprint.add_app_template_global(with_times, "with_times")


class PageArgs(StrictSchema):
    panel = fields.String(
        load_default=None,
        validate=validate.OneOf(sorted(PANELS)),
        metadata={"description": "Only this fragment of the page (what htmx refreshes)"},
    )


@blueprint.get("/")
@requires(Role.VIEWER)
@operation(
    "The dashboard page, or one of its fragments",
    "dashboard",
    {
        200: Reply("An HTML page or fragment", media_type=_HTML, raw={"type": "string"}),
        400: Reply("No such panel", ErrorSchema),
    },
    query=PageArgs,
)
async def page() -> str:
    panel = query_args(PageArgs())["panel"]
    if panel is not None:
        return await render_template(f"panels/{panel}.html", **{panel: await PANELS[panel]()})
    data = {name: await build() for name, build in PANELS.items()}
    return await render_template("dashboard.html", sections=SECTIONS, forms=settings_forms(), **data)


@blueprint.context_processor
async def roles() -> dict[str, Any]:
    """`role` (the principal's, or None) and `can("trader")` for the templates: a control the role may not use is
    left out of the page; the guard's 403 stays the authority (ADR 0080)."""
    principal = current_principal()
    role = principal.role if principal is not None else None

    def can(needed: str) -> bool:
        return role is not None and role.allows(Role(needed))

    return {"role": role.value if role is not None else None, "can": can}


@blueprint.after_request
async def send_browsers_to_login(response: Response) -> Response | WerkzeugResponse:
    # Only a page a person navigates to: API clients and htmx fragments keep their JSON 401
    if response.status_code == 401 and _HTML in request.headers.get("Accept", "") and not request.args:
        return redirect(LOGIN_PAGE)
    return response
