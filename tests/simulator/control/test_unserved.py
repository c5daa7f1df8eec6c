"""GET /_sim/unserved: every request the simulator answered with its unknown-path 404, by method and path, so a
client driven at it shows what it asked for that the simulator does not serve; /_sim/reset clears it."""

from __future__ import annotations

import pytest
from quart.testing.connections import WebsocketResponseError

from adapters.simulator.server.control.unserved import MAX_PATH_CHARS, MAX_PATHS, Unserved
from tests.simulator.server.support import SimClient

pytestmark = pytest.mark.anyio


async def unserved(sim: SimClient) -> object:
    return await (await sim.client.get("/_sim/unserved")).get_json()


async def test_nothing_is_unserved_on_a_fresh_simulator_nor_after_served_requests(sim: SimClient) -> None:
    await sim.public("/fapi/v1/time")
    await sim.signed("GET", "/fapi/v3/balance")

    assert await unserved(sim) == []


async def test_each_unknown_path_is_listed_with_its_method_and_count_in_the_order_first_seen(sim: SimClient) -> None:
    await sim.public("/fapi/v1/nowhere")
    await sim.signed("DELETE", "/fapi/v9/order")
    await sim.public("/fapi/v1/nowhere", symbol="XRPUSDT")

    assert await unserved(sim) == [
        {"method": "GET", "path": "/fapi/v1/nowhere", "count": 2},
        {"method": "DELETE", "path": "/fapi/v9/order", "count": 1},
    ]


async def test_a_served_path_asked_with_another_method_is_unserved(sim: SimClient) -> None:
    await sim.signed("PUT", "/fapi/v1/leverage", symbol="XRPUSDT", leverage=5)
    assert await unserved(sim) == [{"method": "PUT", "path": "/fapi/v1/leverage", "count": 1}]


async def test_a_reset_clears_the_record(sim: SimClient) -> None:
    await sim.public("/fapi/v1/nowhere")
    await sim.client.post("/_sim/reset")

    assert await unserved(sim) == []


def test_paths_past_the_bound_are_counted_together() -> None:
    record = Unserved()
    for number in range(MAX_PATHS + 5):
        record.record("GET", f"/p{number}")
    record.record("GET", "/p0")

    rows = record.body()
    assert len(rows) == MAX_PATHS + 1
    assert rows[0] == {"method": "GET", "path": "/p0", "count": 2}
    assert rows[-1] == {"method": "*", "path": "*", "count": 5}


def test_a_long_path_is_cut_to_the_bound() -> None:
    record = Unserved()
    record.record("GET", "/" + "x" * (MAX_PATH_CHARS * 2))

    assert [len(row["path"]) for row in record.body()] == [MAX_PATH_CHARS]


async def test_a_websocket_handshake_on_an_unknown_path_is_refused_with_the_404_and_listed(sim: SimClient) -> None:
    with pytest.raises(WebsocketResponseError) as refused:
        async with sim.client.websocket("/ws-fapi/v1") as socket:
            await socket.receive()

    assert refused.value.response.status_code == 404
    assert (await refused.value.response.get_json())["code"] == -1000
    assert await unserved(sim) == [{"method": "WS", "path": "/ws-fapi/v1", "count": 1}]


async def test_the_stream_paths_are_not_taken_for_unknown_ones(sim: SimClient) -> None:
    async with sim.client.websocket("/market/ws") as socket:
        await socket.send('{"method": "LIST_SUBSCRIPTIONS", "id": 1}')
        assert '"id":1' in (await socket.receive()).replace(" ", "")

    assert await unserved(sim) == []
