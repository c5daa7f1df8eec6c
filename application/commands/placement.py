"""Order placement (PRD §4.5, ADR 0048): intent first, send once, never resend; an unknown outcome stays unknown
until the order is seen or the exchange's history proves it was never placed."""

from __future__ import annotations

from application.commands.effects import Effects, Unresolved
from domain.commands import Command
from domain.events import ExchangeErrorRecorded, OrderFacts, OrderPlaced, OrderUpdated, TradeExecuted, new_event
from domain.order_request import OrderRequest
from domain.reports import TradeReport
from domain.values import Source
from ports.command_store import OrderLink
from ports.errors import ExchangeRejected, OutcomeUnknown, RateLimited
from ports.event_store import EventQuery
from ports.failpoints import AFTER_INTENT_COMMIT, AFTER_SEND_BEFORE_ACK

# Binance: "Client order id is duplicated" — an open order already carries this id, i.e. an earlier send took effect
DUPLICATE_CLIENT_ORDER_ID = -4116
# Binance: "Order does not exist" — what a proven absence is recorded as
NO_SUCH_ORDER = -2013
# How far back the log is read for the order and trade facts that attribute a fill (as the reconciler's lookback)
LOG_LOOKBACK = 1000
# Pages of the account's trade list read for a proof of absence (an empty page ends the read)
MAX_TRADE_PAGES = 10
_KNOWN_TYPES = (OrderPlaced.TYPE, OrderUpdated.TYPE, TradeExecuted.TYPE)


class NeverPlaced(ExchangeRejected):
    """The exchange's history proves an intent with an unknown outcome had no effect; it is never sent again."""

    def __init__(self, client_order_id: str, detail: str) -> None:
        super().__init__(NO_SUCH_ORDER, f"order {client_order_id} was never placed: {detail}")


async def place(fx: Effects, command: Command, leg: str, request: OrderRequest) -> OrderFacts:
    """Place `request` as `leg` of `command` at most once, however often this runs; ExchangeRejected if refused.

    Raises Unresolved while the outcome is unknown: the committed intent lets a later run settle it, never resend it.
    """
    link = fx.commands.order_link(request.client_order_id)
    if link is not None:
        return await settle(fx, link)
    link = fx.commands.link_order(
        OrderLink(command.command_id, leg, request.client_order_id, request.conditional, None, fx.now()),
    )
    fx.failpoints.hit(AFTER_INTENT_COMMIT)
    facts = await _send(fx, request, link)
    fx.failpoints.hit(AFTER_SEND_BEFORE_ACK)
    return _adopt(fx, facts)


async def adopt_existing(fx: Effects, client_order_id: str) -> OrderFacts | None:
    """None if no intent uses this id yet (it may be sent); else what `settle` says of the intent."""
    link = fx.commands.order_link(client_order_id)
    return None if link is None else await settle(fx, link)


async def settle(fx: Effects, link: OrderLink) -> OrderFacts:
    """The order an intent produced, adopted; Unresolved while unknown; NeverPlaced once its absence is proven.

    "Not found" never proves absence (visibility lag has no upper bound): only after `fx.settle_after` may the
    account's open orders and trade list since the intent, with every fill in it attributed to a known order, do so.
    """
    cid = link.client_order_id
    found = await lookup(fx, cid, link.conditional) or _seen_in_log(fx, cid)
    if found is not None:
        return _adopt(fx, found)
    if fx.events.get_by_dedup_key(f"{ExchangeErrorRecorded.TYPE}:{_abandoned(cid)}") is not None:
        raise NeverPlaced(cid, "an operator's CancelOrder of this client id settled it as not placed")
    waited = fx.now() - link.created_at
    if waited < fx.settle_after:
        raise Unresolved(f"order {cid}: outcome unknown and not visible {waited} after its intent; it stays unknown "
                         f"(never sent again) until the exchange shows it or, after {fx.settle_after}, its history "
                         "proves it absent", tag=f"unknown/{link.leg}")
    listed = next((o for o in await fx.gateway.open_orders(fx.symbol) if o.client_order_id == cid), None)
    if listed is not None:
        return _adopt(fx, listed)
    blocker = await _unattributed_fill(fx, link)
    if blocker is None:
        raise NeverPlaced(cid, f"not found {waited} after its intent, not open, and every fill since then belongs to "
                               "another known order")
    raise Unresolved(f"order {cid}: still not visible {waited} after its intent and {blocker}; it stays unknown and "
                     "counts as possible exposure: check it on the exchange", tag=f"operator/{link.leg}")


async def lookup(fx: Effects, client_order_id: str, conditional: bool) -> OrderFacts | None:
    """The order with this client id, or None if not visible now; Unresolved if the exchange cannot say."""
    try:
        return await fx.gateway.query_order(fx.symbol, client_order_id, conditional)
    except (OutcomeUnknown, RateLimited) as error:
        raise Unresolved(f"order {client_order_id}: lookup failed ({error})") from error


async def _send(fx: Effects, request: OrderRequest, link: OrderLink) -> OrderFacts:
    """The one send of an intent: the order as placed or found; Unresolved when its outcome stays unknown."""
    try:
        return await fx.gateway.place_order(request)
    except OutcomeUnknown:
        return await settle(fx, link)
    except RateLimited as error:
        # Refused before it could execute (429/418 or the governor's own refusal): the next run may send it
        fx.commands.unlink_order(request.client_order_id)
        raise Unresolved(f"order {request.client_order_id}: rate limited, not sent ({error})") from error
    except ExchangeRejected as error:
        if error.code != DUPLICATE_CLIENT_ORDER_ID:
            raise
        found = await lookup(fx, request.client_order_id, request.conditional)
        if found is None:
            raise Unresolved(f"order {request.client_order_id}: -4116 duplicate id, yet not found") from error
        return found


def abandon(fx: Effects, command: Command, client_order_id: str) -> bool:
    """If `client_order_id` is an intent whose outcome is unknown, record that an operator settled it as not placed.

    The operator's CancelOrder has found nothing to cancel; the intent's command then fails instead of waiting.
    """
    link = fx.commands.order_link(client_order_id)
    if link is None or link.exchange_order_id is not None:
        return False
    detail = f"{client_order_id} settled as never placed by {command.type} {command.command_id}"
    payload = ExchangeErrorRecorded("settle unknown order", NO_SUCH_ORDER, detail, client_order_id)
    fx.events.append([new_event(payload, event_id=_abandoned(client_order_id), ts=fx.now(), scope=fx.scope,
                                source=Source.BOT, correlation_id=command.correlation_id,
                                causation_id=command.command_id)])
    return True


def _abandoned(client_order_id: str) -> str:
    return f"abandoned/{client_order_id}"


def _seen_in_log(fx: Effects, client_order_id: str) -> OrderFacts | None:
    # The user-data stream reports an order the REST lookup may not show yet; its facts are in the log
    recent = fx.events.query(EventQuery(types=(OrderPlaced.TYPE, OrderUpdated.TYPE), limit=LOG_LOOKBACK))
    return next((stored.event.payload for stored in recent
                 if isinstance(stored.event.payload, OrderFacts)
                 and stored.event.payload.client_order_id == client_order_id), None)


async def _unattributed_fill(fx: Effects, link: OrderLink) -> str | None:
    """Why the account's trade list cannot prove the intent absent, or None when it does."""
    trades = await _trades_since(fx, link)
    if trades is None:
        return f"the account's trades since then run past {MAX_TRADE_PAGES} pages"
    known = _orders_known_by_client_id(fx, link.client_order_id)
    unknown = sorted({t.order_id for t in trades if t.executed_at >= link.created_at and t.order_id not in known})
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


def _orders_known_by_client_id(fx: Effects, unknown: str) -> set[int]:
    # A fill already carrying the unknown intent's own client id proves it exists: it must stay unattributed here
    known: set[int] = set()
    for stored in fx.events.query(EventQuery(types=_KNOWN_TYPES, limit=LOG_LOOKBACK)):
        payload = stored.event.payload
        if isinstance(payload, OrderFacts) and not payload.conditional and payload.client_order_id != unknown:
            known.add(payload.order_id)
        elif isinstance(payload, TradeExecuted) and payload.client_order_id not in (None, unknown):
            known.add(payload.order_id)
    return known


def _adopt(fx: Effects, facts: OrderFacts) -> OrderFacts:
    fx.commands.set_exchange_order_id(facts.client_order_id, facts.order_id)
    return facts
