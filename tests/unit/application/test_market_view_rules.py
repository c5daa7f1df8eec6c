"""MarketView publishes the symbol's price and quantity steps once the bot has read its rules, never before."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.memory.clock import DEFAULT_START, ManualClock
from application.market_view import MarketView
from domain.reports import SymbolRules
from tests.unit.application.market_fakes import FakeMarket

pytestmark = pytest.mark.anyio
RULES = SymbolRules("XRPUSDT", Decimal("0.0001"), Decimal("0.1"), Decimal("0.1"), Decimal("1000000"), Decimal("5"))


class RuledMarket(FakeMarket):
    async def symbol_rules(self, symbol: str) -> SymbolRules:
        self.reads.append(("rules", symbol))
        return RULES if symbol == "XRPUSDT" else SymbolRules(symbol, Decimal(1), Decimal(1), *(Decimal(1),) * 3)


async def test_the_steps_are_published_once_the_bot_read_the_symbols_rules() -> None:
    clock = ManualClock(DEFAULT_START)
    market = RuledMarket(clock)
    view = MarketView(market, clock, "XRPUSDT", "1m")
    await view.refresh(clock.now())
    before = view.health_fields()

    await view.symbol_rules("BTCUSDT")
    other = view.health_fields()
    await view.symbol_rules("XRPUSDT")
    after = view.health_fields()

    # No read of its own: the rules come with the strategy's first order check
    assert ("rules", "XRPUSDT") not in market.reads[:2]
    assert "tick_size" not in before and "tick_size" not in other
    assert (after["tick_size"], after["step_size"]) == (Decimal("0.0001"), Decimal("0.1"))
