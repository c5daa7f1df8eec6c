"""What each dashboard fragment shows, built from the JSON API's own views so page and API never disagree."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from entrypoints.web.api import dashboard, health
from entrypoints.web.api.context import adapters
from entrypoints.web.schemas.commands import CommandSchema, command_view

RECENT_COMMANDS = 15
# Shown while a command waits for the bot; the page refreshes the commands panel until none is left
OPEN_STATUSES = frozenset({"NEW", "SENT"})


async def live_panel() -> dict[str, Any]:
    """The /api/dashboard body plus the last fill price as mark and the unrealized PnL it implies."""
    view = await dashboard.dashboard()
    trades = view["recent_trades"]
    mark = next((trade["price"] for trade in trades if trade["price"] is not None), None)
    view["mark"] = mark
    view["unrealized_pnl"] = unrealized_pnl(view["position"], mark)
    return view


def unrealized_pnl(position: dict[str, Any], mark: str | None) -> str | None:
    """(mark - entry) x signed quantity, as the API writes amounts; None without a mark or a position."""
    if mark is None:
        return None
    try:
        quantity, entry = Decimal(position["quantity"]), Decimal(position["entry_price"])
        value = (Decimal(mark) - entry) * quantity
    except (InvalidOperation, TypeError):
        return None
    return None if quantity == 0 else format(value.normalize(), "f")


async def commands_panel() -> dict[str, Any]:
    # Straight from the store: the API view would read this page's own query string as its filters
    records = adapters().command_store().list(limit=RECENT_COMMANDS)
    recent = CommandSchema(many=True).dump([command_view(record) for record in records])
    return {"commands": recent, "waiting": any(c["status"] in OPEN_STATUSES for c in recent)}


async def health_panel() -> dict[str, Any]:
    body, _status = await health.health()
    return body
