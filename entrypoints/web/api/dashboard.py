"""GET /api/dashboard: the state the dashboard shows, read from the projection store."""

from __future__ import annotations

from typing import Any

from quart import Blueprint

from config.settings import settings_from_sections
from domain.projections.ledger import utc_day
from domain.values import Mode
from entrypoints.web.api.context import adapters, mode
from entrypoints.web.api.dashboard_view import dashboard_view
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.dashboard import DashboardSchema

blueprint = Blueprint("dashboard_api", __name__)


@blueprint.get("/api/dashboard")
@operation(
    "Engine, position, balances, orders, trades, PnL and daily loss",
    "dashboard",
    {200: Reply("Now", DashboardSchema)},
)
async def dashboard() -> dict[str, Any]:
    ports = adapters()
    now = ports.clock().now()
    state, checkpoint = ports.projection_store().load()
    settings = settings_from_sections({entry.key: entry.value for entry in ports.config_store().all()})
    view = dashboard_view(state, settings, utc_day(now))
    view.update(
        mode=Mode(mode()),
        as_of=now,
        last_event_seq=ports.event_store().last_seq(),
        projection_checkpoint=checkpoint,
    )
    return DashboardSchema().dump(view)
