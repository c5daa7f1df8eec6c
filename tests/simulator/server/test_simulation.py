"""The Simulation runtime: the market follows the clock and feeds the engine; the same seed gives the same run."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from adapters.simulator.market.funding import FundingSettlement
from adapters.simulator.simulation import Simulation, SimulationOptions
from tests.simulator.server.support import manual_simulation


def test_advance_moves_the_market_to_the_clock_and_the_engine_to_its_price() -> None:
    simulation = manual_simulation()
    simulation.clock.advance(timedelta(minutes=3))
    simulation.advance()
    quote = simulation.engine.quote("XRPUSDT")
    assert simulation.market.now == simulation.clock.now()
    assert quote is not None and quote.last == simulation.market.last_price()


def test_advance_without_clock_movement_reports_nothing() -> None:
    simulation = manual_simulation()
    simulation.advance()
    assert simulation.advance() == []


def test_funding_settlements_are_applied_to_the_position() -> None:
    simulation = Simulation(SimulationOptions(real=None, funding_every=timedelta(minutes=1)))
    simulation.engine.place_order("XRPUSDT", "BUY", "MARKET", Decimal("20"))
    simulation.clock.advance(timedelta(seconds=61))
    events = simulation.advance()
    assert [type(event) for event in events if isinstance(event, FundingSettlement)] == [FundingSettlement]
    assert [row.income_type.value for row in simulation.engine.income(income_type="FUNDING_FEE")] == ["FUNDING_FEE"]


def test_the_same_seed_gives_the_same_prices_and_ids() -> None:
    runs = []
    for _ in range(2):
        simulation = manual_simulation(seed=11)
        simulation.clock.advance(timedelta(minutes=2))
        simulation.advance()
        order = simulation.engine.place_order("XRPUSDT", "BUY", "MARKET", Decimal("20"))
        runs.append((simulation.market.last_price(), order.order_id, order.cum_quote))
    assert runs[0] == runs[1]


def test_an_unknown_symbol_is_refused_with_the_known_ones_named() -> None:
    with pytest.raises(ValueError, match="BTCUSDT"):
        Simulation(SimulationOptions(symbol="DOGEUSDT", real=None))


def test_a_btcusdt_simulation_trades_with_its_own_rules() -> None:
    simulation = Simulation(SimulationOptions(symbol="BTCUSDT", real=None))
    order = simulation.engine.place_order("BTCUSDT", "BUY", "MARKET", Decimal("0.002"))
    assert order.executed_qty == Decimal("0.002")
