"""Leverage per symbol: 1..max, announced with ACCOUNT_CONFIG_UPDATE, used by the margin check."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from adapters.simulator.errors import SimError
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.events import AccountConfigUpdate


def test_setting_leverage_returns_it_and_announces_it(engine: MatchingEngine, clock: object) -> None:
    leverage = engine.set_leverage("XRPUSDT", 5)

    [event] = engine.drain_events()
    assert leverage == 5 and engine.oracle.leverage("XRPUSDT") == 5
    assert isinstance(event, AccountConfigUpdate) and (event.symbol, event.leverage) == ("XRPUSDT", 5)
    assert event.event_time == event.transaction_time == 1767225600000


def test_the_default_leverage_is_20(engine: MatchingEngine) -> None:
    assert engine.position_risk("BTCUSDT").leverage == 20


@pytest.mark.parametrize(("symbol", "leverage"), [("XRPUSDT", 0), ("XRPUSDT", 76), ("BTCUSDT", 126), ("BTCUSDT", -3)])
def test_a_leverage_outside_the_symbols_range_is_minus_4028(engine: MatchingEngine, symbol: str, leverage: int) -> None:
    with pytest.raises(SimError) as raised:
        engine.set_leverage(symbol, leverage)

    assert (raised.value.code, raised.value.msg) == (-4028, f"Leverage {leverage} is not valid")
    assert engine.drain_events() == []


def test_the_highest_allowed_leverage_is_accepted(engine: MatchingEngine) -> None:
    assert engine.set_leverage("BTCUSDT", 125) == 125


def test_the_max_notional_value_shrinks_as_leverage_grows(engine: MatchingEngine) -> None:
    engine.set_leverage("XRPUSDT", 75)
    high = engine.position_risk("XRPUSDT").max_notional_value
    engine.set_leverage("XRPUSDT", 10)

    assert high == D("10000") and engine.position_risk("XRPUSDT").max_notional_value == D("5000000")
