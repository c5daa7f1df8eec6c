"""The JSON method protocol on every stream path: replies, Binance's error envelope, properties and the limits."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from quart.testing.connections import WebsocketDisconnectError

from adapters.simulator.server.ws.connection import MAX_MESSAGES_PER_SECOND, StreamConnection
from adapters.simulator.server.ws.market_streams import MARKET
from adapters.simulator.server.ws.outbox import Outbox
from tests.simulator.server.support import SimClient
from tests.simulator.stream.support import listen_key, market_order, next_frame, opened

pytestmark = pytest.mark.anyio

EVERY_PATH = [
    "/market/ws",
    "/market/stream",
    "/public/ws",
    "/public/stream",
    "/private/ws",
    "/private/stream",
    "/ws",
    "/stream",
]


async def ask(socket: Any, request: dict[str, Any] | str) -> Any:
    await socket.send(request if isinstance(request, str) else json.dumps(request))
    return await next_frame(socket)


class TestEveryPath:
    @pytest.mark.parametrize("path", EVERY_PATH)
    async def test_a_socket_opens_with_no_stream_and_answers_every_method(self, sim: SimClient, path: str) -> None:
        async with opened(sim, path) as socket:
            listed = await ask(socket, {"method": "LIST_SUBSCRIPTIONS", "id": 1})
            combined = await ask(socket, {"method": "GET_PROPERTY", "params": ["combined"], "id": 2})
            switched = await ask(
                socket, {"method": "SET_PROPERTY", "params": ["combined", not combined["result"]], "id": 3}
            )
            now = await ask(socket, {"method": "GET_PROPERTY", "params": ["combined"], "id": 4})
            unknown = await ask(socket, {"method": "PING", "id": 5})

        assert listed == {"result": [], "id": 1}
        assert combined == {"result": path.endswith("/stream"), "id": 2}
        assert switched == {"result": None, "id": 3}
        assert now == {"result": not combined["result"], "id": 4}
        assert unknown["id"] == 5 and unknown["error"]["code"] == 2
        assert "unknown variant `PING`" in unknown["error"]["msg"] and "`GET_PROPERTY`" in unknown["error"]["msg"]


class TestErrors:
    @pytest.mark.parametrize(
        ("request_text", "code", "named"),
        [
            ("{not json", 3, "Invalid JSON"),
            ('{"method":"SUBSCRIBE","params":["xrpusdt@aggTrade"]}', 2, "request ID must be an unsigned integer"),
            (
                '{"method":"SUBSCRIBE","params":["xrpusdt@aggTrade"],"id":-1}',
                2,
                "request ID must be an unsigned integer",
            ),
            ('{"params":[],"id":1}', 2, "missing field `method`"),
            ('{"method":"SUBSCRIBE","params":[1],"id":1}', 2, "list of stream names"),
            ('{"method":"SET_PROPERTY","params":["combined","yes"],"id":1}', 1, "Invalid value type: expected Boolean"),
            ('{"method":"SET_PROPERTY","params":["colour",true],"id":1}', 0, "Unknown property"),
            ('{"method":"GET_PROPERTY","params":[7],"id":1}', 2, "property name must be a string"),
            ('{"method":"GET_PROPERTY","params":["combined","x"],"id":1}', 2, "too many parameters"),
            ('{"method":"SUBSCRIBE","params":["XRPUSDT@aggTrade"],"id":1}', 2, "stream names are lowercase"),
        ],
    )
    async def test_a_bad_request_gets_binances_error_reply(
        self, sim: SimClient, request_text: str, code: int, named: str
    ) -> None:
        async with opened(sim, "/market/ws") as socket:
            answer = await ask(socket, request_text)

        assert set(answer) == {"error", "id"} and answer["error"]["code"] == code and named in answer["error"]["msg"]

    async def test_a_string_id_is_answered_with_the_same_id(self, sim: SimClient) -> None:
        request_id = "0d1f3c5e-7a9b-4c2d-8e6f-1a2b3c4d5e6f"  # the official SDK's uuid4 ids
        async with opened(sim, "/market/stream") as socket:
            answer = await ask(socket, {"method": "SUBSCRIBE", "params": ["xrpusdt@aggTrade"], "id": request_id})

        assert answer == {"result": None, "id": request_id}


class TestSetProperty:
    async def test_combined_true_wraps_a_raw_sockets_payloads(self, sim: SimClient) -> None:
        async with opened(sim, "/market/ws/xrpusdt@aggTrade") as socket:
            await ask(socket, {"method": "SET_PROPERTY", "params": ["combined", True], "id": 1})
            sim.simulation.clock.advance(timedelta(seconds=1))
            frame = await next_frame(socket)

        assert frame["stream"] == "xrpusdt@aggTrade" and frame["data"]["e"] == "aggTrade"

    async def test_combined_false_unwraps_a_listen_keys_events(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        async with opened(sim, f"/private/stream?listenKey={key}") as socket:
            await ask(socket, {"method": "SET_PROPERTY", "params": ["combined", False], "id": 1})
            await market_order(sim)
            frame = await next_frame(socket)

        assert frame["e"] == "ORDER_TRADE_UPDATE"


class TestLimits:
    async def test_the_eleventh_message_in_a_second_closes_the_socket(self, sim: SimClient) -> None:
        async with opened(sim, "/market/ws") as socket:
            answers = [await ask(socket, {"method": "LIST_SUBSCRIPTIONS", "id": n}) for n in range(10)]
            await socket.send(json.dumps({"method": "LIST_SUBSCRIPTIONS", "id": 10}))
            with pytest.raises(WebsocketDisconnectError) as closed:
                await next_frame(socket)

        assert [answer["id"] for answer in answers] == list(range(10))
        assert closed.value.args == (1008,)

    def test_messages_a_second_apart_are_counted_apart(self) -> None:
        clock = [datetime(2026, 1, 1, tzinfo=UTC)]
        outbox = Outbox()
        connection = StreamConnection("XRPUSDT", MARKET, False, outbox, lambda: clock[0])
        for second in range(3):
            for n in range(MAX_MESSAGES_PER_SECOND):
                connection.on_message(json.dumps({"method": "LIST_SUBSCRIPTIONS", "id": second * 100 + n}))
            clock[0] += timedelta(seconds=1)

        assert not outbox.closed

    async def test_a_subscribe_past_the_stream_limit_is_refused_and_adds_none(self) -> None:
        outbox = Outbox()
        connection = StreamConnection(
            "XRPUSDT", MARKET, False, outbox, lambda: datetime(2026, 1, 1, tzinfo=UTC), max_streams=2
        )
        connection.on_message(json.dumps({"method": "SUBSCRIBE", "params": ["xrpusdt@aggTrade"], "id": 1}))
        names = ["xrpusdt@ticker", "xrpusdt@kline_1m"]
        connection.on_message(json.dumps({"method": "SUBSCRIBE", "params": names, "id": 2}))

        outbox.close(1000, "done")
        replies = [json.loads(frame) async for frame in outbox.frames() if isinstance(frame, str)]

        assert connection.subscriptions == ["xrpusdt@aggTrade"]
        assert replies[0] == {"result": None, "id": 1}
        assert replies[1]["id"] == 2 and "at most 2" in replies[1]["error"]["msg"]
