"""GET /api/dashboard and /api/dashboard/market: what the dashboard shows, from the read side and bot health."""

from __future__ import annotations

from typing import Any

from quart import Blueprint

from application.queries import dashboard_reads, market_reads
from domain.projections.ledger import utc_day
from domain.values import EngineState, Mode
from entrypoints.web.api.bot_state import STALE_AFTER, bot_standing
from entrypoints.web.api.context import adapters, bot_health, mode, running, time_scale
from entrypoints.web.api.dashboard_market import market_view
from entrypoints.web.api.dashboard_view import dashboard_view
from entrypoints.web.api.replies import dumped
from entrypoints.web.database import on_store
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.dashboard import DashboardSchema
from entrypoints.web.schemas.market import MarketSchema
from entrypoints.web.security.public import requires
from ports.user_store import Role

blueprint = Blueprint("dashboard_api", __name__)


@blueprint.get("/api/dashboard")
@requires(Role.VIEWER)
@operation(
    "Engine, position, balances, orders, trades, PnL and daily loss",
    "dashboard",
    {200: Reply("Now", DashboardSchema)},
)
async def dashboard() -> dict[str, Any]:
    return await on_store(_dashboard)


def _dashboard() -> dict[str, Any]:
    ports, trading, health = adapters(), running(), bot_health()
    now = ports.clock().now()
    day = utc_day(now)
    reads = dashboard_reads(ports.projection_store(), health, trading.symbol, day, trading.risk.daily_loss_limit)
    view = dashboard_view(reads, trading.symbol, day)
    standing = bot_standing(health, now, STALE_AFTER * time_scale())
    view.update(
        pending_restart=list(trading.pending),
        settings_refused=trading.settings_refused,
        mode=Mode(mode()),
        as_of=now,
        last_event_seq=ports.event_store().last_seq(),
        projection_checkpoint=reads.checkpoint,
        # The engine runs until a pause is recorded; the bot's own state comes first when it is not ready to act
        engine_label=standing.engine_label(
            EngineState.RUNNING.value if reads.engine is None else reads.engine.state.value
        ),
        bot=vars(standing),
        # As the bot last published them: a stopped bot's stay listed, its commands stay SENT until it settles them
        unresolved_orders=[vars(order) for order in health.unresolved_orders] if health else [],
        unresolved_total=health.unresolved_total if health else 0,
    )
    return dumped(DashboardSchema(), view)


@blueprint.get("/api/dashboard/market")
@requires(Role.VIEWER)
@operation(
    "Mark price and its age, unrealized PnL, leverage and the last closed candles, as the bot last read them",
    "dashboard",
    {200: Reply("Now", MarketSchema)},
)
async def market() -> dict[str, Any]:
    return await on_store(_market)


def _market() -> dict[str, Any]:
    ports, health = adapters(), bot_health()
    reads = market_reads(ports.projection_store(), health, running().symbol)
    return dumped(MarketSchema(), market_view(health, reads, ports.clock().now()))
