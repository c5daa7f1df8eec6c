"""Helpers of the wire-server tests: a manual-clock simulation, signed requests and fixture shape checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from adapters.simulator.server.app import create_sim_app
from adapters.simulator.simulation import Simulation, SimulationOptions
from adapters.simulator.wire.signing import sign
from domain.times import epoch_ms

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "binance"
KEY = "SimKey1"
SECRET = "SimSecret1"


def manual_simulation(seed: int = 42) -> Simulation:
    return Simulation(SimulationOptions(seed=seed, real=None))


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def signed_query(simulation: Simulation, secret: str = SECRET, **params: Any) -> str:
    """The query string with timestamp (the simulated now) and signature appended."""
    query = urlencode({**params, "timestamp": epoch_ms(simulation.clock.now())})
    return f"{query}&signature={sign(query, '', secret)}"


def json_types(value: Any) -> Any:
    """The JSON type of every key (recursively for objects, first element for arrays)."""
    if isinstance(value, dict):
        return {key: json_types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_types(value[0])] if value else []
    return type(value).__name__


def assert_same_shape(actual: dict[str, Any], expected: dict[str, Any], types: dict[str, Any] | None = None) -> None:
    """Same keys as `expected`; same JSON types as `types` (default `expected`) on the keys they share."""
    assert set(actual) == set(expected), set(actual) ^ set(expected)
    reference = expected if types is None else types
    for key in set(actual) & set(reference):
        assert type(actual[key]) is type(reference[key]), f"{key}: {actual[key]!r} vs {reference[key]!r}"


class SimClient:
    """The Quart test client with Binance-style signed calls."""

    def __init__(self, simulation: Simulation) -> None:
        self.simulation = simulation
        self.app = create_sim_app(simulation, {KEY: SECRET})
        self.client = self.app.test_client()

    async def public(self, path: str, **params: Any) -> Any:
        return await self.client.get(path, query_string=params)

    async def signed(self, method: str, path: str, **params: Any) -> Any:
        query = signed_query(self.simulation, **params)
        return await self.client.open(f"{path}?{query}", method=method, headers={"X-MBX-APIKEY": KEY})

    async def keyed(self, method: str, path: str) -> Any:
        return await self.client.open(path, method=method, headers={"X-MBX-APIKEY": KEY})
