"""What a recovered bot must show against the simulator's oracle: no duplicate order, no lost or doubled fill."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from adapters.memory.projection_store import InMemoryProjectionStore
from adapters.simulator.exchange.oracle import Oracle
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.projection_store import SqliteProjectionStore
from application.projector import Projector
from domain.events import FeeCharged, TradeExecuted
from domain.projections.state import ProjectionState
from domain.values import OrderStatus
from tests.unit.application_crash.rig import SYMBOL, stored_connection

OPEN = (OrderStatus.NEW, OrderStatus.PARTIALLY_FILLED)


def exchange_client_ids(oracle: Oracle) -> Counter[str]:
    """How many exchange orders carry each client id, regular and conditional alike."""
    ids = [order.client_order_id for order in oracle.orders if order.algo_id is None]
    return Counter([*ids, *(algo.client_algo_id for algo in oracle.algo_orders)])


def assert_recovered(oracle: Oracle, database: Path, intents: list[str]) -> None:
    """Every intent placed exactly once; every oracle trade stored once with its fee; projections match the oracle."""
    placed = exchange_client_ids(oracle)
    assert {client_id: placed[client_id] for client_id in intents} == dict.fromkeys(intents, 1)
    assert all(count == 1 for count in placed.values()), placed
    connection = stored_connection(database)
    try:
        events = [stored.event.payload for stored in SqliteEventStore(connection).read_after(0, 100_000)]
        stored_state, _ = SqliteProjectionStore(connection).load()
        rebuilt = rebuild(SqliteEventStore(connection))
    finally:
        connection.close()
    trades = Counter(p.trade_id for p in events if isinstance(p, TradeExecuted))
    fees = Counter(p.trade_id for p in events if isinstance(p, FeeCharged))
    expected = dict.fromkeys((trade.trade_id for trade in oracle.trades), 1)
    assert expected and dict(trades) == expected and dict(fees) == expected
    assert_state_matches(stored_state, oracle)
    assert snapshot(stored_state) == snapshot(rebuilt)


def assert_state_matches(state: ProjectionState, oracle: Oracle) -> None:
    position, truth = state.position(SYMBOL), oracle.position(SYMBOL)
    assert (position.quantity, position.entry_price) == (truth.amount, truth.entry_price)
    assert {b.asset: b.wallet_balance for b in state.balances()} == oracle.balances
    assert {o.client_order_id for o in state.open_orders()} == open_on_exchange(oracle)
    assert sorted(t.trade_id for t in state.trades()) == sorted(t.trade_id for t in oracle.trades)
    assert sum(t.realized_pnl or 0 for t in state.trades()) == sum(t.realized_pnl for t in oracle.trades)


def open_on_exchange(oracle: Oracle) -> set[str]:
    regular = {o.client_order_id for o in oracle.orders if o.status in OPEN and o.algo_id is None}
    return regular | {a.client_algo_id for a in oracle.algo_orders if a.status in OPEN}


def rebuild(events: SqliteEventStore) -> ProjectionState:
    store = InMemoryProjectionStore()
    Projector(events, store).rebuild()
    return store.load()[0]


def snapshot(state: ProjectionState) -> dict[str, dict[str, object]]:
    return {name: dict(rows) for name, rows in state.tables.items()}
