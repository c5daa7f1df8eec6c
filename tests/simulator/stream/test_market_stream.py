"""Market sockets over the Quart test client: raw and combined paths, the four streams, the JSON control methods."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from quart.testing.connections import WebsocketResponseError

from tests.simulator.server.support import SimClient, fixture
from tests.simulator.shapes.shape import differences
from tests.simulator.stream.support import frames, next_frame, opened

pytestmark = pytest.mark.anyio


def later(sim: SimClient, seconds: float = 5) -> None:
    sim.simulation.clock.advance(timedelta(seconds=seconds))


class TestRawStreams:
    async def test_a_kline_stream_sends_the_forming_kline_of_each_step(self, sim: SimClient) -> None:
        async with opened(sim, "/market/ws/xrpusdt@kline_1m") as socket:
            later(sim)
            first, second = await frames(socket, 2)

        assert differences(first, fixture("ws_kline_1m_docs_example.json")) == []
        assert (first["s"], first["k"]["i"], first["k"]["x"]) == ("XRPUSDT", "1m", False)
        assert first["E"] < second["E"] and first["k"]["t"] == second["k"]["t"]

    async def test_a_closing_minute_sends_its_final_kline_once(self, sim: SimClient) -> None:
        async with opened(sim, "/ws/xrpusdt@kline_1m") as socket:
            later(sim, 61)
            received = await frames(socket, 4 * 61)

        closed = [frame["k"] for frame in received if frame["k"]["x"]]
        assert len(closed) == 1 and closed[0]["T"] == closed[0]["t"] + 59_999

    async def test_other_intervals_are_served_too(self, sim: SimClient) -> None:
        async with opened(sim, "/market/ws/xrpusdt@kline_5m") as socket:
            later(sim)
            frame = await next_frame(socket)

        assert frame["k"]["i"] == "5m" and frame["k"]["T"] - frame["k"]["t"] == 5 * 60_000 - 1

    async def test_mark_price_comes_every_three_seconds_or_every_second_with_1s(self, sim: SimClient) -> None:
        async with opened(sim, "/market/stream?streams=xrpusdt@markPrice/xrpusdt@markPrice@1s") as socket:
            later(sim, 6)
            received = await frames(socket, 8)

        slow = [frame["data"]["E"] for frame in received if frame["stream"] == "xrpusdt@markPrice"]
        fast = [frame["data"]["E"] for frame in received if frame["stream"] == "xrpusdt@markPrice@1s"]
        assert len(slow) == 2 and slow[1] - slow[0] == 3000
        assert len(fast) == 6 and all(b - a == 1000 for a, b in itertools.pairwise(fast))
        assert differences(received[0]["data"], fixture("ws_mark_price_update_docs_example.json")) == []

    async def test_agg_trades_follow_the_tape_and_match_the_fixture(self, sim: SimClient) -> None:
        async with opened(sim, "/market/ws/xrpusdt@aggTrade") as socket:
            later(sim)
            first, second = await frames(socket, 2)

        assert differences(first, fixture("ws_agg_trade_docs_example.json")) == []
        assert second["a"] == first["a"] + 1 and second["f"] == first["l"] + 1

    async def test_book_ticker_is_served_on_public(self, sim: SimClient) -> None:
        async with opened(sim, "/public/ws/xrpusdt@bookTicker") as socket:
            later(sim)
            frame = await next_frame(socket)

        assert differences(frame, fixture("ws_book_ticker_docs_example.json")) == []
        assert Decimal(frame["a"]) - Decimal(frame["b"]) == Decimal("0.0001")

    async def test_windows_advanced_by_rest_requests_reach_the_socket(self, sim: SimClient) -> None:
        async with opened(sim, "/market/ws/xrpusdt@aggTrade") as socket:
            later(sim, 1)
            await sim.public("/fapi/v1/time")
            received = await frames(socket, 4)

        assert [frame["a"] for frame in received] == list(range(received[0]["a"], received[0]["a"] + 4))


class TestCombinedStreams:
    async def test_combined_streams_wrap_each_payload_with_its_stream_name(self, sim: SimClient) -> None:
        async with opened(sim, "/stream?streams=xrpusdt@aggTrade/xrpusdt@bookTicker") as socket:
            later(sim, 1)
            received = await frames(socket, 8)

        assert {frame["stream"] for frame in received} == {"xrpusdt@aggTrade", "xrpusdt@bookTicker"}
        assert all(set(frame) == {"stream", "data"} for frame in received)
        assert [frame["data"]["E"] for frame in received] == sorted(frame["data"]["E"] for frame in received)


class TestControlMethods:
    async def test_subscribe_list_and_unsubscribe_answer_with_the_request_id(self, sim: SimClient) -> None:
        async with opened(sim, "/market/ws") as socket:
            await socket.send('{"method":"SUBSCRIBE","params":["xrpusdt@kline_1m","xrpusdt@aggTrade"],"id":1}')
            subscribed = await next_frame(socket)
            await socket.send('{"method":"UNSUBSCRIBE","params":["xrpusdt@aggTrade"],"id":2}')
            unsubscribed = await next_frame(socket)
            await socket.send('{"method":"LIST_SUBSCRIPTIONS","id":3}')
            listed = await next_frame(socket)
            later(sim, 1)
            frame = await next_frame(socket)

        assert (subscribed, unsubscribed) == ({"result": None, "id": 1}, {"result": None, "id": 2})
        assert listed == {"result": ["xrpusdt@kline_1m"], "id": 3}
        assert frame["e"] == "kline"

    async def test_a_bad_stream_name_in_subscribe_is_an_invalid_request(self, sim: SimClient) -> None:
        async with opened(sim, "/market/ws") as socket:
            await socket.send('{"method":"SUBSCRIBE","params":["btcusdt@aggTrade"],"id":7}')
            answer = await next_frame(socket)

        assert answer["error"]["code"] == 2 and answer["id"] == 7 and "btcusdt@aggTrade" in answer["error"]["msg"]

    async def test_bad_json_is_answered_with_code_3(self, sim: SimClient) -> None:
        async with opened(sim, "/market/ws") as socket:
            await socket.send("{not json")
            answer = await next_frame(socket)

        assert answer["error"]["code"] == 3 and answer["error"]["msg"].startswith("Invalid JSON")


class TestRefusals:
    @pytest.mark.parametrize(
        ("path", "named"),
        [
            ("/market/ws/xrpusdt@bookTicker", "bookTicker is on /public"),
            ("/public/ws/xrpusdt@aggTrade", "aggTrade is on /market"),
            ("/market/ws/btcusdt@aggTrade", "only xrpusdt"),
            ("/market/ws/xrpusdt@kline_7m", "unknown kline interval"),
            ("/market/stream?streams=xrpusdt@aggTrade/xrpusdt@depth", "xrpusdt@depth"),
        ],
    )
    async def test_a_stream_the_path_does_not_serve_is_refused_naming_why(
        self,
        sim: SimClient,
        path: str,
        named: str,
    ) -> None:
        with pytest.raises(WebsocketResponseError) as refused:
            async with sim.client.websocket(path) as socket:
                await next_frame(socket)

        assert refused.value.response.status_code == 400
        body = await refused.value.response.get_json()
        assert body["code"] == 2 and named in body["msg"]
