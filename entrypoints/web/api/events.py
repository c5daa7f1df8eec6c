"""GET /api/events: the event log newest first, filtered by type and time, paged by seq (keyset) or offset."""

from __future__ import annotations

from functools import partial
from typing import Any

from quart import Blueprint

from entrypoints.web.api.context import adapters
from entrypoints.web.api.replies import dumped
from entrypoints.web.api.requests import query_args
from entrypoints.web.database import on_store
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.events import EventPageSchema, EventQueryArgs, event_view
from entrypoints.web.security.public import requires
from ports.event_store import EventQuery
from ports.user_store import Role

blueprint = Blueprint("events_api", __name__)


@blueprint.get("/api/events")
@requires(Role.VIEWER)
@operation(
    "Stored events, newest first",
    "events",
    {200: Reply("A page of events", EventPageSchema)},
    query=EventQueryArgs,
)
async def list_events() -> dict[str, Any]:
    query = EventQuery(**query_args(EventQueryArgs()))
    return await on_store(partial(_page, query))


def _page(query: EventQuery) -> dict[str, Any]:
    found = adapters().event_store().query(query)
    # A full page may have older events behind it; a short one is the last
    next_before = found[-1].seq if len(found) == query.limit else None
    page = {
        "events": [event_view(stored) for stored in found],
        "limit": query.limit,
        "offset": query.offset,
        "next_before_seq": next_before,
    }
    return dumped(EventPageSchema(), page)
