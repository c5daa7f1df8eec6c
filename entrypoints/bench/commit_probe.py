"""Stamps, in perf_counter_ns, when the bot's stream reader got a trade and when its event and the projections
folded over it were both committed.

It wraps the bot's user-data stream and its event and projection stores (delegating everything), because the
application has no hook on its stream → commit path; a trade counts as committed when the projection save whose
checkpoint covers its seq returns.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.codec import Record
from domain.events import Event, StoredEvent, TradeExecuted
from domain.projections.rows import Balance, ClosedOrder, EngineStatus, OpenOrder, PnlDay, Position, Trade
from domain.projections.state import ProjectionState, RowChange
from domain.values import Source
from ports.event_store import Appended, EventQuery, EventStore
from ports.exchange import UserDataMessage, UserDataStream
from ports.projection_store import ProjectionStore, TradeQuery


@dataclass(frozen=True)
class Committed:
    at_ns: int
    source: Source


class CommitProbe:
    """trade id → when the stream reader got it (`received`), and when it became committed, event and projections
    both, with the path that brought it (`committed`)."""

    def __init__(self) -> None:
        self.committed: dict[int, Committed] = {}
        self.received: dict[int, int] = {}
        # Projection commits, fills or not: how many cycles it took to commit the fills
        self.saves = 0
        self._pending: dict[int, tuple[int, Source]] = {}

    def got(self, message: UserDataMessage) -> None:
        if isinstance(message, TradeExecuted):
            self.received.setdefault(message.trade_id, time.perf_counter_ns())

    def appended(self, events: Sequence[Event], results: Sequence[Appended]) -> None:
        for event, result in zip(events, results, strict=True):
            if result.stored and isinstance(event.payload, TradeExecuted):
                self._pending[result.seq] = (event.payload.trade_id, event.source)

    def saved(self, checkpoint: int) -> None:
        now = time.perf_counter_ns()
        self.saves += 1
        for seq in [seq for seq in self._pending if seq <= checkpoint]:
            trade_id, source = self._pending.pop(seq)
            self.committed.setdefault(trade_id, Committed(now, source))


class ProbedEventStore(EventStore):
    def __init__(self, inner: EventStore, probe: CommitProbe) -> None:
        self._inner, self._probe = inner, probe

    def append(self, events: Sequence[Event]) -> list[Appended]:
        results = self._inner.append(events)
        self._probe.appended(events, results)
        return results

    def read_after(self, seq: int, limit: int = 1000) -> list[StoredEvent]:
        return self._inner.read_after(seq, limit)

    def last_seq(self) -> int:
        return self._inner.last_seq()

    def get_by_dedup_key(self, dedup_key: str) -> StoredEvent | None:
        return self._inner.get_by_dedup_key(dedup_key)

    def stored_columns(self, seq: int) -> dict[str, Any] | None:
        return self._inner.stored_columns(seq)

    def query(self, query: EventQuery) -> list[StoredEvent]:
        return self._inner.query(query)


class ProbedProjectionStore(ProjectionStore):
    def __init__(self, inner: ProjectionStore, probe: CommitProbe) -> None:
        self._inner, self._probe = inner, probe

    def load(self) -> tuple[ProjectionState, int]:
        return self._inner.load()

    def open_state(self) -> tuple[ProjectionState, int]:
        return self._inner.open_state()

    def trade(self, trade_id: int) -> Trade | None:
        return self._inner.trade(trade_id)

    def closed_order(self, key: str) -> ClosedOrder | None:
        return self._inner.closed_order(key)

    def highest_trade_id(self) -> int | None:
        return self._inner.highest_trade_id()

    def trades_without_client_id(self) -> list[Trade]:
        return self._inner.trades_without_client_id()

    def trades_of_orders(self, order_ids: Collection[int]) -> list[Trade]:
        return self._inner.trades_of_orders(order_ids)

    def all_trades(self) -> list[Trade]:
        return self._inner.all_trades()

    def position(self, symbol: str) -> Position:
        return self._inner.position(symbol)

    def balances(self) -> list[Balance]:
        return self._inner.balances()

    def open_orders(self) -> list[OpenOrder]:
        return self._inner.open_orders()

    def recent_trades(self, limit: int) -> list[Trade]:
        return self._inner.recent_trades(limit)

    def trade_history(self, query: TradeQuery) -> list[Trade]:
        return self._inner.trade_history(query)

    def pnl_days(self, before: date | None, limit: int) -> list[PnlDay]:
        return self._inner.pnl_days(before, limit)

    def pnl_since(self, day: date) -> PnlDay:
        return self._inner.pnl_since(day)

    def pnl_day(self, day: date) -> PnlDay:
        return self._inner.pnl_day(day)

    def pnl_total(self) -> PnlDay:
        return self._inner.pnl_total()

    def engine(self) -> EngineStatus | None:
        return self._inner.engine()

    def checkpoint(self) -> int:
        return self._inner.checkpoint()

    def save(self, changes: Sequence[RowChange], checkpoint: int) -> None:
        self._inner.save(changes, checkpoint)
        self._probe.saved(checkpoint)

    def replace_all(self, state: ProjectionState, checkpoint: int) -> None:
        self._inner.replace_all(state, checkpoint)
        self._probe.saved(checkpoint)

    def dump(self) -> dict[str, list[Record]]:
        return self._inner.dump()


class ProbedStream(UserDataStream):
    def __init__(self, inner: UserDataStream, probe: CommitProbe) -> None:
        self._inner, self._probe = inner, probe

    async def messages(self) -> AsyncGenerator[UserDataMessage, None]:
        async for message in self._inner.messages():
            self._probe.got(message)
            yield message

    async def close(self) -> None:
        """Close the stream underneath, if it has anything to close (the Binance one deletes its listenKey)."""
        close = getattr(self._inner, "close", None)
        if close is not None:
            await close()
