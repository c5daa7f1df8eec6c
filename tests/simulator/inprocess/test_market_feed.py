"""A simulator Market feeds the in-process gateway's klines and mark price."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.memory.clock import ManualClock
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.inprocess import SimulatedExchangeGateway
from adapters.simulator.inprocess.market_feed import market_klines, market_mark_price
from adapters.simulator.market.market import Market
from tests.simulator.inprocess.conftest import SYMBOL

pytestmark = pytest.mark.anyio


@pytest.fixture
async def fed(engine: MatchingEngine, clock: ManualClock) -> tuple[SimulatedExchangeGateway, Market]:
    gateway = SimulatedExchangeGateway(engine, clock)
    market = Market.seeded(await gateway.symbol_rules(SYMBOL), 3, Decimal("0.5000"), clock.now())
    return SimulatedExchangeGateway(
        engine, clock, mark_price=market_mark_price(market), klines=market_klines(market)
    ), market


async def test_klines_are_the_markets_latest_oldest_first(fed: tuple[SimulatedExchangeGateway, Market]) -> None:
    gateway, market = fed
    klines = await gateway.klines(SYMBOL, "1m", 5)
    assert klines == [kline.to_kline() for kline in market.klines("1m", limit=5)]
    assert len(klines) == 5 and [k.open_time for k in klines] == sorted(k.open_time for k in klines)


async def test_the_mark_price_is_the_markets(fed: tuple[SimulatedExchangeGateway, Market]) -> None:
    gateway, market = fed
    assert await gateway.mark_price(SYMBOL) == market.mark_price()


async def test_a_market_refuses_another_symbols_reads(fed: tuple[SimulatedExchangeGateway, Market]) -> None:
    _, market = fed
    with pytest.raises(ValueError, match="simulates XRPUSDT, not BTCUSDT"):
        market_mark_price(market)("BTCUSDT")
