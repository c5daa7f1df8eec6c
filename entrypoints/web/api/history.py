"""GET /api/trades and /api/equity: trade history and daily PnL with day-end equity, each a bounded keyset page."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from quart import Blueprint

from domain.equity_history import day_end_equity
from domain.symbols import quote_wallet
from domain.values import ZERO
from entrypoints.web.api.context import adapters, running
from entrypoints.web.api.replies import dumped
from entrypoints.web.api.requests import query_args
from entrypoints.web.database import on_store
from entrypoints.web.openapi.operation import Reply, operation
from entrypoints.web.schemas.common import ErrorSchema
from entrypoints.web.schemas.history import (
    EquityPageSchema,
    EquityQueryArgs,
    TradePageSchema,
    TradeQueryArgs,
    trade_cursor,
)
from entrypoints.web.security.public import requires
from ports.projection_store import TradeQuery
from ports.user_store import Role

blueprint = Blueprint("history_api", __name__)
_BAD_FILTER = Reply("A bad filter or cursor", ErrorSchema)


@blueprint.get("/api/trades")
@requires(Role.VIEWER)
@operation(
    "Executed trades, newest first, by side and time, paged by a cursor",
    "history",
    {200: Reply("A page of trades", TradePageSchema), 400: _BAD_FILTER},
    query=TradeQueryArgs,
)
async def trades() -> dict[str, Any]:
    query = TradeQuery(**query_args(TradeQueryArgs()))
    return await on_store(partial(_trades, query))


def _trades(query: TradeQuery) -> dict[str, Any]:
    found = adapters().projection_store().trade_history(query)
    last = found[-1] if len(found) == query.limit else None
    # A full page may have older trades behind it; a short one is the last
    following = None if last is None or last.executed_at is None else trade_cursor(last.executed_at, last.trade_id)
    return dumped(TradePageSchema(), {"trades": found, "limit": query.limit, "next_before": following})


@blueprint.get("/api/equity")
@requires(Role.VIEWER)
@operation(
    "Daily PnL and the wallet at each day's end, newest day first, paged by day",
    "history",
    {200: Reply("A page of days", EquityPageSchema), 400: _BAD_FILTER},
    query=EquityQueryArgs,
)
async def equity() -> dict[str, Any]:
    args = query_args(EquityQueryArgs())
    return await on_store(partial(_equity, args["before"], args["days"]))


def _equity(before: date | None, limit: int) -> dict[str, Any]:
    ports, symbol = adapters(), running().symbol
    projections = ports.projection_store()
    days = projections.pnl_days(before, limit)
    later = ZERO if before is None else projections.pnl_since(before).net
    wallet = quote_wallet(projections.balances(), symbol)
    balance = None if wallet is None else wallet.wallet_balance
    shown = [
        {**vars(day), "net": day.net, "equity": equity}
        for day, equity in zip(days, day_end_equity(days, later, balance), strict=True)
    ]
    page = {
        "asset": None if wallet is None else wallet.asset,
        "wallet_balance": balance,
        "as_of": ports.clock().now(),
        "days": shown,
        "next_before": days[-1].day if len(days) == limit else None,
    }
    return dumped(EquityPageSchema(), page)
