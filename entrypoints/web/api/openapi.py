"""GET /api/openapi.json: the OpenAPI 3 document of every route, built once from the app's own declarations."""

from __future__ import annotations

from typing import Any

from quart import Blueprint, current_app

from entrypoints.web.openapi.document import build_document
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.security.public import requires
from ports.user_store import Role

_CACHE = "openapi_document"

blueprint = Blueprint("openapi", __name__)


@blueprint.get("/api/openapi.json")
@requires(Role.VIEWER)
@operation("This document", "meta", {200: Reply("OpenAPI 3.0", raw={"type": "object"})})
async def openapi_document() -> dict[str, Any]:
    document = current_app.extensions.get(_CACHE)
    if document is None:
        document = current_app.extensions[_CACHE] = build_document(current_app)
    return document
