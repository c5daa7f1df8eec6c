"""Whose client id an order carries when the exchange's trade list names only its order id (ADR 0048 rule 7 and
Addendum 2, ADR 0053): which fills are asked about, from which sources, in which precedence.

The one place that decides it. The reconciler gathers the facts (the order facts in the log, the intents of the
commands in flight, the lookups these functions ask for) and calls them; `reconcile` reads the answer through
`client_ids`; the proof that an intent was never placed asks `unattributed`. Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from domain.events import EventPayload, OrderFacts, TradeExecuted
from domain.projections.rows import OpenOrder, Trade
from domain.projections.state import ProjectionState
from domain.reports import ExchangeSnapshot, OrderOwner, TradeReport


@dataclass(frozen=True)
class Intent:
    """A committed placement intent of a command in flight; `exchange_order_id` is None while its outcome is unknown."""

    client_order_id: str
    conditional: bool
    exchange_order_id: int | None


@dataclass(frozen=True)
class Sought:
    """Orders whose client id is wanted: `listed` of fills this pass lists (a lookup may be spent on them), `stored`
    of fills already stored without one (only the log and the intents' links may name them)."""

    listed: frozenset[int]
    stored: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.listed or self.stored)

    @property
    def orders(self) -> frozenset[int]:
        return self.listed | self.stored

    def without(self, found: Mapping[int, str]) -> Sought:
        return Sought(self.listed - found.keys(), self.stored - found.keys())


def known(state: ProjectionState, orders: Iterable[OrderFacts], order_ids: Iterable[int]) -> dict[int, str]:
    """The client ids the state and the pass's orders already carry: a stored fill's (asked only of `order_ids`: the
    store is read by key, never whole, ADR 0069), then a regular order's."""
    client_ids = state.trade_client_ids(frozenset(order_ids))
    regular: list[OpenOrder | OrderFacts] = [*state.open_orders(), *orders]
    client_ids |= {o.order_id: o.client_order_id for o in regular if not o.conditional}
    return client_ids


def client_ids(snapshot: ExchangeSnapshot, state: ProjectionState) -> dict[int, str]:
    """Every order's client id as far as the pass knows: what the state and the orders carry wins over an owner."""
    asked = _asked(snapshot.trades, state.trades_without_client_id())
    return {
        **{owner.order_id: owner.client_order_id for owner in snapshot.owners},
        **known(state, snapshot.orders, asked),
    }


def sought(trades: Sequence[TradeReport], state: ProjectionState, orders: Sequence[OrderFacts]) -> Sought:
    """The orders of listed fills without a client id and of stored ones, that nothing the pass holds names."""
    unattributed = state.trades_without_client_id()
    named = known(state, orders, _asked(trades, unattributed)).keys()
    listed = frozenset(t.order_id for t in trades if t.client_order_id is None and t.order_id not in named)
    stored = frozenset(t.order_id for t in unattributed if t.order_id is not None)
    return Sought(listed, stored - named - listed)


def unnamed_by_log(wanted: Sought, logged: Sequence[OrderFacts]) -> Sought:
    """What the log's order facts (newest first) leave unnamed: only then are the intents read."""
    return wanted.without(_from_log(wanted, logged))


def to_look_up(wanted: Sought, logged: Sequence[OrderFacts], intents: Sequence[Intent], limit: int) -> list[Intent]:
    """The intents without an exchange id to look up (at most `limit`), only while a listed fill is left unnamed.

    A fill already stored costs no lookup: it was listed in an earlier pass, which spent them.
    """
    if not unnamed_by_log(wanted, logged).listed:
        return []
    return [intent for intent in intents if not intent.conditional and intent.exchange_order_id is None][:limit]


def found(
    wanted: Sought,
    logged: Sequence[OrderFacts],
    intents: Sequence[Intent],
    looked_up: Iterable[tuple[Intent, OrderFacts | None]],
) -> dict[int, str]:
    """Each sought order's client id: from the log's order facts (the newest wins), else from an intent whose
    exchange id it is or whose lookup found it; an order no source names stays unknown (its fills external)."""
    by_log = _from_log(wanted, logged)
    left = wanted.without(by_log).orders
    by_link = {
        i.exchange_order_id: i.client_order_id for i in intents if not i.conditional and i.exchange_order_id in left
    }
    by_lookup = {
        facts.order_id: intent.client_order_id
        for intent, facts in looked_up
        if facts is not None and facts.order_id in left
    }
    return {**by_log, **by_link, **by_lookup}


def owners(found_ids: Mapping[int, str], commands: Mapping[str, str | None]) -> tuple[OrderOwner, ...]:
    """The owners of the found orders, by order id, with the command an intent names for each client id."""
    return tuple(
        OrderOwner(order_id, client_id, commands.get(client_id)) for order_id, client_id in sorted(found_ids.items())
    )


def named(trades: Sequence[TradeReport], found_ids: Mapping[int, str]) -> list[TradeReport]:
    """The listed fills, each carrying its order's found client id."""
    return [replace(t, client_order_id=found_ids[t.order_id]) if t.order_id in found_ids else t for t in trades]


def unattributed(
    trades: Iterable[TradeReport], since: datetime, logged: Iterable[EventPayload], client_order_id: str
) -> list[int]:
    """The orders of fills at or after `since` that the log's order and trade facts do not name by another client id
    than `client_order_id`: while there is one, the history cannot prove that intent never placed (ADR 0048 rule 4).

    A fill already carrying the intent's own client id proves it exists, so it stays unattributed here.
    """
    others: set[int] = set()
    for payload in logged:
        if isinstance(payload, OrderFacts) and not payload.conditional and payload.client_order_id != client_order_id:
            others.add(payload.order_id)
        elif isinstance(payload, TradeExecuted) and payload.client_order_id not in (None, client_order_id):
            others.add(payload.order_id)
    return sorted({t.order_id for t in trades if t.executed_at >= since and t.order_id not in others})


def _asked(listed: Iterable[TradeReport], unattributed: Iterable[Trade]) -> frozenset[int]:
    """The orders whose client id a pass needs: those of the fills it lists and of the stored fills without one."""
    return frozenset(t.order_id for t in listed) | frozenset(t.order_id for t in unattributed if t.order_id is not None)


def _from_log(wanted: Sought, logged: Sequence[OrderFacts]) -> dict[int, str]:
    # A closed order keeps no client id in the projections; the order facts the executor appended do
    return {
        facts.order_id: facts.client_order_id
        for facts in reversed(logged)
        if not facts.conditional and facts.order_id in wanted.orders
    }
