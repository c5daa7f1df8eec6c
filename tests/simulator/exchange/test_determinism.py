"""Same seed, same calls, same clock → identical ids, prices and events; another seed → other ids and sizes."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

from adapters.memory.clock import ManualClock
from adapters.simulator.exchange.engine import MatchingEngine
from tests.simulator.exchange.support import make_engine


def _session(seed: int) -> MatchingEngine:
    clock = ManualClock()
    engine = make_engine(clock, seed=seed)
    engine.set_leverage("XRPUSDT", 10)
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("1500"))
    engine.place_order("XRPUSDT", "SELL", "LIMIT", D("800"), D("0.5050"), "GTC", reduce_only=True)
    engine.place_algo_order("XRPUSDT", "SELL", "STOP_MARKET", D("0.4900"), close_position=True)
    engine.place_order("XRPUSDT", "BUY", "LIMIT", D("300"), D("0.4950"), "GTC", by_hand=True)
    for price in ("0.5010", "0.5060", "0.4940", "0.4890"):
        clock.advance(1)
        engine.on_price("XRPUSDT", D(price))
    engine.apply_funding("XRPUSDT", D("0.0001"), D("0.49"), datetime(2026, 1, 1, 8, tzinfo=UTC))
    return engine


def test_the_same_seed_and_calls_give_identical_ids_trades_and_events() -> None:
    first, second = _session(42), _session(42)

    assert first.oracle.events == second.oracle.events
    assert first.oracle.trades == second.oracle.trades
    assert first.oracle.orders == second.oracle.orders
    assert first.oracle.income == second.oracle.income
    assert first.oracle.balances == second.oracle.balances
    assert len(first.oracle.trades) > 5


def test_another_seed_gives_other_ids_and_book_sizes() -> None:
    first, second = _session(42), _session(43)

    assert [o.order_id for o in first.oracle.orders] != [o.order_id for o in second.oracle.orders]
    assert first.depth("XRPUSDT") != second.depth("XRPUSDT")


def test_adding_a_symbol_does_not_change_another_symbols_book() -> None:
    from adapters.simulator.exchange.symbols import BTCUSDT, XRPUSDT

    alone = MatchingEngine(ManualClock(), seed=5, symbols=(XRPUSDT,))
    paired = MatchingEngine(ManualClock(), seed=5, symbols=(XRPUSDT, BTCUSDT))
    for engine in (alone, paired):
        engine.on_price("XRPUSDT", D("0.5000"))

    assert alone.depth("XRPUSDT") == paired.depth("XRPUSDT")
