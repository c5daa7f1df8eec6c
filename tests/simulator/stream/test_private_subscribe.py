"""User data on the /private paths: opened bare, then a listenKey SUBSCRIBE; wrapped on /stream, raw on /ws."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.simulator.server.support import SimClient
from tests.simulator.stream.support import MARKET_ORDER, frames, kinds, listen_key, market_order, next_frame, opened

pytestmark = pytest.mark.anyio


def subscribe(names: list[str], request_id: int = 1) -> str:
    return json.dumps({"method": "SUBSCRIBE", "params": names, "id": request_id})


class TestSubscribe:
    async def test_a_listen_key_subscribed_on_private_stream_arrives_wrapped(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        async with opened(sim, "/private/stream") as socket:
            await socket.send(subscribe([key]))
            answer = await next_frame(socket)
            placed = await market_order(sim)
            received = await frames(socket, 4)

        assert answer == {"result": None, "id": 1}
        assert all(frame["stream"] == key for frame in received)
        assert kinds([frame["data"] for frame in received]) == MARKET_ORDER
        assert received[3]["data"]["o"]["i"] == placed["orderId"]

    async def test_a_listen_key_subscribed_on_private_ws_arrives_raw(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        async with opened(sim, "/private/ws") as socket:
            await socket.send(subscribe([key]))
            await next_frame(socket)
            await market_order(sim)
            received = await frames(socket, 4)

        assert kinds(received) == MARKET_ORDER

    async def test_the_query_forms_list_their_key(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        async with opened(sim, f"/private/stream?listenKey={key}") as socket:
            await socket.send('{"method":"LIST_SUBSCRIPTIONS","id":4}')
            listed = await next_frame(socket)
            await market_order(sim)
            frame = await next_frame(socket)

        assert listed == {"result": [key], "id": 4}
        assert frame["stream"] == key and frame["data"]["e"] == "ORDER_TRADE_UPDATE"


class TestRefusals:
    async def test_an_unknown_listen_key_gets_binances_error(self, sim: SimClient) -> None:
        async with opened(sim, "/private/stream") as socket:
            await socket.send(subscribe(["notakey"], 9))
            answer = await next_frame(socket)
            await socket.send('{"method":"LIST_SUBSCRIPTIONS","id":10}')
            listed = await next_frame(socket)

        assert answer == {"error": {"code": -1125, "msg": "This listenKey does not exist."}, "id": 9}
        assert listed == {"result": [], "id": 10}

    async def test_an_expired_listen_key_gets_the_same_error(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        sim.simulation.clock.advance(timedelta(minutes=61))
        async with opened(sim, "/private/ws") as socket:
            await socket.send(subscribe([key], 2))
            answer = await next_frame(socket)

        assert answer["error"]["code"] == -1125 and answer["id"] == 2

    async def test_a_market_stream_is_not_served_on_private(self, sim: SimClient) -> None:
        async with opened(sim, "/private/stream") as socket:
            await socket.send(subscribe(["xrpusdt@aggTrade"], 3))
            answer = await next_frame(socket)

        assert answer["error"]["code"] == 2 and "aggTrade is on /market" in answer["error"]["msg"]


class TestEventsFilter:
    async def test_events_in_the_url_keep_only_those_event_types(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        async with opened(sim, f"/private/ws?listenKey={key}&events=ORDER_TRADE_UPDATE/ACCOUNT_UPDATE") as socket:
            await market_order(sim)
            received = await frames(socket, 3)

        assert kinds(received) == ["ORDER_TRADE_UPDATE NEW", "ACCOUNT_UPDATE", "ORDER_TRADE_UPDATE TRADE"]

    async def test_events_follow_their_listen_key_on_the_stream_form(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        async with opened(sim, f"/private/stream?listenKey={key}&events=TRADE_LITE") as socket:
            await market_order(sim)
            await market_order(sim, side="SELL")
            received = await frames(socket, 2)

        assert [frame["data"]["e"] for frame in received] == ["TRADE_LITE", "TRADE_LITE"]
