"""Fixtures of the wire-server tests: a simulation on a manual clock and a Quart test client for it."""

from __future__ import annotations

import pytest

from adapters.simulator.simulation import Simulation
from tests.simulator.server.support import SimClient, manual_simulation


@pytest.fixture
def simulation() -> Simulation:
    return manual_simulation()


@pytest.fixture
def sim(simulation: Simulation) -> SimClient:
    return SimClient(simulation)
