"""Market input: on_price validates its prices and keeps last and mark apart."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from adapters.simulator.errors import SimError
from adapters.simulator.exchange.engine import MatchingEngine


@pytest.mark.parametrize(("last", "mark"), [(D("0"), None), (D("-1"), None), (D("0.5"), D("0"))])
def test_a_non_positive_price_is_a_clear_usage_error(engine: MatchingEngine, last: D, mark: D | None) -> None:
    with pytest.raises(ValueError, match="prices must be positive"):
        engine.on_price("XRPUSDT", last, mark)


def test_a_price_for_an_unknown_symbol_is_minus_1121(engine: MatchingEngine) -> None:
    with pytest.raises(SimError) as raised:
        engine.on_price("DOGEUSDT", D("0.1"))

    assert raised.value.code == -1121


def test_the_mark_defaults_to_the_last_price(engine: MatchingEngine) -> None:
    engine.on_price("XRPUSDT", D("0.5100"))
    defaulted = engine.quote("XRPUSDT")
    engine.on_price("XRPUSDT", D("0.5100"), mark=D("0.5090"))

    assert (defaulted.last, defaulted.mark) == (D("0.5100"), D("0.5100"))  # type: ignore[union-attr]
    assert engine.quote("XRPUSDT").mark == D("0.5090")  # type: ignore[union-attr]
