"""Fixtures of the engine tests: a manual clock and an engine priced at XRPUSDT 0.5000 / BTCUSDT 60000."""

from __future__ import annotations

import pytest

from adapters.memory.clock import ManualClock
from adapters.simulator.exchange.engine import MatchingEngine
from tests.simulator.exchange.support import make_engine


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def engine(clock: ManualClock) -> MatchingEngine:
    return make_engine(clock)
