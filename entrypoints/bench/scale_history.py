"""A long recorded life for the scale bench: orders opening and closing a position, their fills and fees, position
and balance snapshots, funding every eighth order and a reconcile that found something every twentieth; appended
through the event store (the projector folds it when the bench rebuilds)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from application.event_writer import stamped
from domain.events import (
    BalanceChanged,
    Event,
    EventPayload,
    FeeCharged,
    FundingApplied,
    OrderPlaced,
    OrderUpdated,
    PositionChanged,
    Reconciled,
    TradeExecuted,
)
from domain.values import OrderStatus, OrderType, Scope, Side, Source
from entrypoints.bench.storage import START
from ports.event_store import EventStore

BATCH = 1000
QUANTITY = Decimal("10")
# Far above any id the simulator hands out in a bench, so a reconcile never mistakes one for the other
FIRST_ID = 10_000_000


def cycle(index: int) -> list[EventPayload]:
    """One order of the history: placed, filled with its fee, done, and the account after it; even orders open a
    long, odd ones close it (reduce-only) with a small gain."""
    at = START + timedelta(seconds=index)
    order_id = FIRST_ID + index
    opening = index % 2 == 0
    side = Side.BUY if opening else Side.SELL
    price = Decimal("0.5000") if opening else Decimal("0.5010")
    placed = OrderPlaced(
        f"ae-scale-{index}",
        order_id,
        False,
        side,
        OrderType.MARKET,
        QUANTITY,
        None,
        None,
        not opening,
        False,
        None,
        OrderStatus.NEW,
        Decimal("0"),
        Decimal("0"),
        False,
        at,
    )
    pnl = Decimal("0") if opening else Decimal("0.0100")
    trade = TradeExecuted(order_id, order_id, placed.client_order_id, side, price, QUANTITY, pnl, False, False, at)
    facts = {name: value for name, value in vars(placed).items() if name != "command_id"}
    filled = OrderUpdated(**{**facts, "status": OrderStatus.FILLED, "filled_qty": QUANTITY, "avg_price": price})
    wallet = Decimal("1000") + Decimal("0.0075") * index
    payloads: list[EventPayload] = [
        placed,
        trade,
        FeeCharged(order_id, "USDT", Decimal("0.0025"), at),
        filled,
        PositionChanged(QUANTITY if opening else Decimal("0"), price if opening else Decimal("0"), "ORDER", at),
        BalanceChanged("USDT", wallet, wallet, "ORDER", at),
    ]
    if index % 8 == 7:
        payloads.append(FundingApplied("USDT", Decimal("-0.0012"), at, FIRST_ID + index))
    if index % 20 == 19:
        payloads.append(Reconciled(1, 0))
    return payloads


def order_events(index: int, scope: Scope) -> list[Event]:
    """The stamped events of order `index`."""
    payloads = cycle(index)
    ids = [f"scale-{index}-{n}" for n in range(len(payloads))]
    return stamped(payloads, Source.WS, event_ids=ids, ts=START + timedelta(seconds=index), scope=scope)


def grow(store: EventStore, scope: Scope, first: int, events: int) -> tuple[int, int]:
    """Append whole orders from order `first` on, in batches, until at least `events` more are stored; return the
    next order's index and how many events were appended."""
    index, appended, batch = first, 0, list[Event]()
    while appended + len(batch) < events:
        batch.extend(order_events(index, scope))
        index += 1
        if len(batch) >= BATCH:
            store.append(batch)
            appended, batch = appended + len(batch), []
    if batch:
        store.append(batch)
    return index, appended + len(batch)
