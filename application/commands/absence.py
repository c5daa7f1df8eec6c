"""What can settle an intent whose placement outcome is unknown (ADR 0048): the stream's facts in the log, an
operator's word, and the account's trade list showing every fill since the intent belongs to another known order."""

from __future__ import annotations

from application.commands.effects import Effects
from domain import order_owners
from domain.commands import Command
from domain.events import ExchangeErrorRecorded, OrderFacts, OrderPlaced, OrderUpdated, TradeExecuted
from domain.reports import TradeReport
from domain.values import Source
from ports.command_store import OrderLink
from ports.event_store import EventQuery

# How far back the log is read for the order and trade facts that attribute a fill (as the reconciler's lookback)
LOG_LOOKBACK = 1000
# Pages of the account's trade list read for a proof of absence (an empty page ends the read)
MAX_TRADE_PAGES = 10
_KNOWN_TYPES = (OrderPlaced.TYPE, OrderUpdated.TYPE, TradeExecuted.TYPE)


def abandon(fx: Effects, command: Command, client_order_id: str) -> bool:
    """If `client_order_id` is an intent whose outcome is unknown, record that an operator settled it as not placed.

    The operator's CancelOrder has found nothing to cancel; the intent's command then fails instead of waiting.
    """
    link = fx.commands.order_link(client_order_id)
    if link is None or link.exchange_order_id is not None:
        return False
    detail = f"{client_order_id} settled as never placed by {command.type} {command.command_id}"
    # Recorded under the venue's own "no such order" code, as a proof of absence from history is
    code = fx.gateway.never_placed(client_order_id, detail).code
    payload = ExchangeErrorRecorded("settle unknown order", code, detail, client_order_id)
    fx.emit(command, payload, Source.BOT, event_id=_abandoned(client_order_id))
    return True


def settled_by_operator(fx: Effects, client_order_id: str) -> bool:
    return fx.events.get_by_dedup_key(f"{ExchangeErrorRecorded.TYPE}:{_abandoned(client_order_id)}") is not None


def _abandoned(client_order_id: str) -> str:
    return f"abandoned/{client_order_id}"


def seen_in_log(fx: Effects, client_order_id: str) -> OrderFacts | None:
    # The user-data stream reports an order the REST lookup may not show yet; its facts are in the log
    recent = fx.events.query(EventQuery(types=(OrderPlaced.TYPE, OrderUpdated.TYPE), limit=LOG_LOOKBACK))
    return next(
        (
            stored.event.payload
            for stored in recent
            if isinstance(stored.event.payload, OrderFacts) and stored.event.payload.client_order_id == client_order_id
        ),
        None,
    )


async def unattributed_fill(fx: Effects, link: OrderLink) -> str | None:
    """Why the account's trade list cannot prove the intent absent, or None when it does."""
    trades = await _trades_since(fx, link)
    if trades is None:
        return f"the account's trades since then run past {MAX_TRADE_PAGES} pages"
    logged = [stored.event.payload for stored in fx.events.query(EventQuery(types=_KNOWN_TYPES, limit=LOG_LOOKBACK))]
    unknown = order_owners.unattributed(trades, link.created_at, logged, link.client_order_id)
    return None if not unknown else f"fills since then of orders {unknown} are not attributed to a known order"


async def _trades_since(fx: Effects, link: OrderLink) -> list[TradeReport] | None:
    # From the newest fill the log knows before the intent (the first trade ever if none), forward to an empty page
    before = fx.events.query(EventQuery(types=(TradeExecuted.TYPE,), until=link.created_at, limit=LOG_LOOKBACK))
    from_id = max((s.event.payload.trade_id for s in before if isinstance(s.event.payload, TradeExecuted)), default=0)
    trades: list[TradeReport] = []
    for _ in range(MAX_TRADE_PAGES):
        page = await fx.gateway.user_trades(fx.symbol, from_id)
        if not page:
            return trades
        trades.extend(page)
        from_id = page[-1].trade_id + 1
    return None
