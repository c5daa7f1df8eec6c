"""GET /api/dashboard and /api/dashboard/market: what the dashboard shows, from the projections and bot health."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from quart import Blueprint

from domain.projections.ledger import utc_day
from domain.projections.state import ProjectionState
from domain.values import EngineState, Mode
from entrypoints.web.api.bot_state import STALE_AFTER, bot_standing
from entrypoints.web.api.context import adapters, mode, time_scale
from entrypoints.web.api.dashboard_market import market_view
from entrypoints.web.api.dashboard_view import dashboard_view, recent_trades
from entrypoints.traded import Traded, traded
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.dashboard import DashboardSchema
from entrypoints.web.schemas.market import MarketSchema

blueprint = Blueprint("dashboard_api", __name__)


@blueprint.get("/api/dashboard")
@operation(
    "Engine, position, balances, orders, trades, PnL and daily loss",
    "dashboard",
    {200: Reply("Now", DashboardSchema)},
)
async def dashboard() -> dict[str, Any]:
    ports, now, state, checkpoint, running = _read()
    view = dashboard_view(state, running.symbol, running.risk.daily_loss_limit, utc_day(now))
    health = ports.health_store().read()
    standing = bot_standing(health, now, STALE_AFTER * time_scale())
    engine = state.engine()
    view.update(
        pending_restart=list(running.pending),
        settings_refused=running.settings_refused,
        mode=Mode(mode()),
        as_of=now,
        last_event_seq=ports.event_store().last_seq(),
        projection_checkpoint=checkpoint,
        # The engine runs until a pause is recorded; the bot's own state comes first when it is not ready to act
        engine_label=standing.engine_label(EngineState.RUNNING.value if engine is None else engine.state.value),
        bot=vars(standing),
        # As the bot last published them: a stopped bot's stay listed, its commands stay SENT until it settles them
        unresolved_orders=[vars(order) for order in health.unresolved_orders] if health else [],
        unresolved_total=health.unresolved_total if health else 0,
    )
    return DashboardSchema().dump(view)


@blueprint.get("/api/dashboard/market")
@operation(
    "Mark price and its age, unrealized PnL, leverage and the last closed candles, as the bot last read them",
    "dashboard",
    {200: Reply("Now", MarketSchema)},
)
async def market() -> dict[str, Any]:
    ports, now, state, _checkpoint, running = _read()
    position = state.position(running.symbol)
    view = market_view(ports.health_store().read(), position, recent_trades(state.trades()), now)
    return MarketSchema().dump(view)


def _read() -> tuple[Any, datetime, ProjectionState, int, Traded]:
    """The adapters, the time, the projections with their checkpoint and what the bot trades."""
    ports = adapters()
    state, checkpoint = ports.projection_store().load()
    return ports, ports.clock().now(), state, checkpoint, traded(ports)
