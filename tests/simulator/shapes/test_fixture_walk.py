"""Every payload the simulator emits has the keys and JSON types of the real fixture it stands for."""

from __future__ import annotations

import pytest

from tests.harness.binance_fixtures import FIXTURES, load_fixture
from tests.simulator.server.support import SimClient, manual_simulation
from tests.simulator.shapes.rest_producers import REST_EXCLUDED, REST_PRODUCERS
from tests.simulator.shapes.shape import differences, unexplained
from tests.simulator.shapes.ws_producers import WS_EXCLUDED, WS_PRODUCERS, WS_SEQUENCES

pytestmark = pytest.mark.anyio

PRODUCED = [*REST_PRODUCERS, *WS_PRODUCERS, *WS_SEQUENCES]
ACCOUNTED = {**dict.fromkeys(PRODUCED, "produced"), **REST_EXCLUDED, **WS_EXCLUDED}


def test_every_fixture_is_produced_or_excluded_with_a_reason() -> None:
    names = {path.name for path in FIXTURES.glob("*.json")}

    assert len(PRODUCED) + len(REST_EXCLUDED) + len(WS_EXCLUDED) == len(ACCOUNTED)
    assert sorted(names - set(ACCOUNTED)) == []
    assert sorted(set(ACCOUNTED) - names) == []


@pytest.mark.parametrize("name", sorted(REST_PRODUCERS))
async def test_the_simulator_emits_the_rest_fixture_shape(name: str) -> None:
    producer = REST_PRODUCERS[name]
    emitted = await producer.run(SimClient(manual_simulation()))
    types = load_fixture(producer.types_from) if producer.types_from else None

    assert unexplained(differences(emitted, load_fixture(name), types), producer.explained) == ([], [])


@pytest.mark.parametrize("name", sorted(WS_PRODUCERS))
def test_the_simulator_emits_the_stream_fixture_shape(name: str) -> None:
    produce, explained = WS_PRODUCERS[name]
    fixture = load_fixture(name)
    # Some captures came through a combined stream: {"stream": …, "data": frame}
    expected = fixture["data"] if "stream" in fixture else fixture

    assert unexplained(differences(produce(), expected), explained) == ([], [])


@pytest.mark.parametrize("name", sorted(WS_SEQUENCES))
def test_the_simulator_sends_a_captured_sequence_in_the_same_order(name: str) -> None:
    sent = WS_SEQUENCES[name]()

    assert [frame["e"] for frame in sent] == [frame["e"] for frame in load_fixture(name)]
    for frame, captured in zip(sent, load_fixture(name), strict=True):
        assert differences(frame, captured) == []
