"""userTrades and income: fromId, time windows (default the last 7 days), limits, type and symbol filters."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest

from adapters.memory.clock import ManualClock
from adapters.simulator.errors import SimError
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.ledger import IncomeType


def _trade_each_day(engine: MatchingEngine, clock: ManualClock, days: int) -> None:
    for _ in range(days):
        engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
        clock.advance(timedelta(days=1))


def test_user_trades_from_id_returns_that_trade_and_later_ones(engine: MatchingEngine) -> None:
    for _ in range(3):
        engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
    ids = [t.trade_id for t in engine.oracle.trades]

    assert [t.trade_id for t in engine.user_trades("XRPUSDT", from_id=ids[1])] == ids[1:]
    assert [t.trade_id for t in engine.user_trades("XRPUSDT", from_id=ids[0], limit=2)] == ids[:2]


def test_user_trades_without_times_covers_the_last_7_days(engine: MatchingEngine, clock: ManualClock) -> None:
    _trade_each_day(engine, clock, 9)

    recent = engine.user_trades("XRPUSDT")

    week_ago = engine.oracle.trades[-1].time + 86_400_000 - 7 * 86_400_000
    assert [t.trade_id for t in recent] == [t.trade_id for t in engine.oracle.trades if t.time >= week_ago]
    assert len({t.time for t in recent}) == 7


def test_user_trades_with_a_limit_and_no_start_returns_the_newest(engine: MatchingEngine) -> None:
    for _ in range(3):
        engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))

    assert engine.user_trades("XRPUSDT", limit=1) == [engine.oracle.trades[-1]]


def test_user_trades_filters_by_order(engine: MatchingEngine) -> None:
    first = engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))

    assert [t.order_id for t in engine.user_trades("XRPUSDT", order_id=first.order_id)] == [first.order_id]


def test_income_filters_by_type_symbol_and_start_time(engine: MatchingEngine, clock: ManualClock) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
    clock.advance(60)
    engine.place_order("BTCUSDT", "BUY", "MARKET", D("0.002"))
    btc_time = engine.oracle.trades[-1].time

    assert {r.symbol for r in engine.income(symbol="BTCUSDT")} == {"BTCUSDT"}
    assert [r.symbol for r in engine.income(start_time=btc_time)] == ["BTCUSDT"]
    assert engine.income(income_type=IncomeType.REALIZED_PNL) == []
    assert len(engine.income(income_type="COMMISSION")) == 2


def test_income_with_a_start_returns_the_oldest_rows_from_there(engine: MatchingEngine, clock: ManualClock) -> None:
    _trade_each_day(engine, clock, 3)
    first, last = engine.oracle.income[0], engine.oracle.income[-1]

    assert engine.income(start_time=first.time, limit=1) == [first]
    assert engine.income(limit=1) == [last]


def test_an_unknown_income_type_is_refused(engine: MatchingEngine) -> None:
    with pytest.raises(SimError) as raised:
        engine.income(income_type="BONUS")

    assert raised.value.code == -1130
