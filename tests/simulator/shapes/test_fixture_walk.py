"""Every payload the simulator emits has the keys and JSON types of the real fixture it stands for."""

from __future__ import annotations

import pytest

from tests.harness.binance_fixtures import FIXTURES, load_fixture
from tests.simulator.server.support import SimClient, manual_simulation
from tests.simulator.shapes.rest_producers import REST_EXCLUDED, REST_PRODUCERS
from tests.simulator.shapes.shape import differences

pytestmark = pytest.mark.anyio

ACCOUNTED = {**{name: "produced" for name in REST_PRODUCERS}, **REST_EXCLUDED}


def test_every_rest_and_error_fixture_is_produced_or_excluded_with_a_reason() -> None:
    names = {path.name for path in FIXTURES.glob("*.json") if not path.name.startswith(("ws_", "wsapi_"))}

    assert sorted(names - set(ACCOUNTED)) == []
    assert sorted(set(ACCOUNTED) - names) == []


@pytest.mark.parametrize("name", sorted(REST_PRODUCERS))
async def test_the_simulator_emits_the_rest_fixture_shape(name: str) -> None:
    producer = REST_PRODUCERS[name]
    emitted = await producer.run(SimClient(manual_simulation()))
    types = load_fixture(producer.types_from) if producer.types_from else None

    found = differences(emitted, load_fixture(name), types)
    unexplained = [d for d in found if d.split(":")[0] not in producer.explained]
    stale = sorted(set(producer.explained) - {d.split(":")[0] for d in found})

    assert (unexplained, stale) == ([], [])
