"""Order placement (PRD §4.5, ADR 0048): intent first, send once, never resend; an unknown outcome stays unknown
until the order is seen or the exchange's history proves it was never placed."""

from __future__ import annotations

from application.commands.absence import seen_in_log, settled_by_operator, unattributed_fill
from application.commands.effects import Effects, Unresolved
from domain.commands import Command
from domain.events import OrderFacts
from domain.order_request import OrderRequest
from ports.command_store import OrderLink
from ports.errors import OutcomeUnknown, RateLimited
from ports.failpoints import AFTER_INTENT_COMMIT, AFTER_SEND_BEFORE_ACK


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
    found = await lookup(fx, cid, link.conditional) or seen_in_log(fx, cid)
    if found is not None:
        return _adopt(fx, found)
    if settled_by_operator(fx, cid):
        raise fx.gateway.never_placed(cid, "an operator's CancelOrder of this client id settled it as not placed")
    waited = fx.now() - link.created_at
    if waited < fx.settle_after:
        raise Unresolved(
            f"order {cid}: outcome unknown and not visible {waited} after its intent; it stays unknown "
            f"(never sent again) until the exchange shows it or, after {fx.settle_after}, its history "
            "proves it absent",
            tag=f"unknown/{link.leg}",
        )
    listed = next((o for o in await fx.gateway.open_orders(fx.symbol) if o.client_order_id == cid), None)
    if listed is not None:
        return _adopt(fx, listed)
    blocker = await unattributed_fill(fx, link)
    if blocker is None:
        raise fx.gateway.never_placed(
            cid,
            f"not found {waited} after its intent, not open, and every fill since then belongs to another known order",
        )
    raise Unresolved(
        f"order {cid}: still not visible {waited} after its intent and {blocker}; it stays unknown and "
        "counts as possible exposure: check it on the exchange",
        tag=f"operator/{link.leg}",
    )


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


def _adopt(fx: Effects, facts: OrderFacts) -> OrderFacts:
    fx.commands.set_exchange_order_id(facts.client_order_id, facts.order_id)
    return facts
