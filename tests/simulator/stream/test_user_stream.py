"""The user-data socket over the Quart test client: frames in the real-capture order, paths, refusal, expiry."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from quart.testing.connections import WebsocketDisconnectError, WebsocketResponseError

from tests.simulator.server.support import SimClient
from tests.simulator.stream.support import (
    FILL,
    MARKET_ORDER,
    frames,
    kinds,
    listen_key,
    market_order,
    next_frame,
    opened,
)

pytestmark = pytest.mark.anyio


class TestFrames:
    async def test_a_market_order_sends_new_then_trade_lite_account_update_and_the_fill(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        async with opened(sim, f"/private/ws?listenKey={key}") as socket:
            placed = await market_order(sim)
            received = await frames(socket, 4)

        assert kinds(received) == MARKET_ORDER
        assert {frame["o"]["i"] for frame in (received[0], received[3])} == {placed["orderId"]}
        assert received[1]["i"] == placed["orderId"]
        assert received[3]["o"]["X"] == "FILLED" and received[3]["o"]["z"] == "20"
        assert received[1]["T"] == received[2]["T"] == received[3]["T"]

    async def test_a_resting_limit_order_fills_when_the_ticker_moves_the_market(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        price = sim.simulation.market.last_price() + Decimal("0.0100")
        async with opened(sim, f"/private/ws?listenKey={key}") as socket:
            await sim.signed(
                "POST",
                "/fapi/v1/order",
                symbol="XRPUSDT",
                side="SELL",
                type="LIMIT",
                timeInForce="GTC",
                quantity="20",
                price=str(price),
            )
            new = await next_frame(socket)
            sim.simulation.market.move_price(price + Decimal("0.0010"))
            sim.simulation.clock.advance(timedelta(seconds=1))
            fill = await frames(socket, 3)

        assert kinds([new]) == ["ORDER_TRADE_UPDATE NEW"]
        assert kinds(fill) == FILL
        assert fill[2]["o"]["m"] is True and fill[2]["o"]["L"] == str(price.normalize())

    async def test_only_events_after_the_socket_opened_are_sent(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        before = await market_order(sim)
        async with opened(sim, f"/private/ws?listenKey={key}") as socket:
            after = await market_order(sim)
            first = await next_frame(socket)

        assert first["o"]["i"] == after["orderId"] != before["orderId"]

    async def test_a_leverage_change_sends_account_config_update(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        async with opened(sim, f"/private/ws?listenKey={key}") as socket:
            await sim.signed("POST", "/fapi/v1/leverage", symbol="XRPUSDT", leverage=7)
            frame = await next_frame(socket)

        assert frame["e"] == "ACCOUNT_CONFIG_UPDATE" and frame["ac"] == {"s": "XRPUSDT", "l": 7}


class TestPaths:
    @pytest.mark.parametrize("path", ["/private/ws/{key}", "/ws/{key}"])
    async def test_the_key_in_the_path_opens_the_same_stream(self, sim: SimClient, path: str) -> None:
        key = await listen_key(sim)
        async with opened(sim, path.format(key=key)) as socket:
            await market_order(sim)
            frame = await next_frame(socket)

        assert kinds([frame]) == ["ORDER_TRADE_UPDATE NEW"]

    @pytest.mark.parametrize("path", ["/private/ws?listenKey=unknown", "/private/ws/unknownkey", "/ws/unknownkey"])
    async def test_an_unknown_listen_key_is_refused_with_400_and_minus_1125(self, sim: SimClient, path: str) -> None:
        with pytest.raises(WebsocketResponseError) as refused:
            async with sim.client.websocket(path) as socket:
                await next_frame(socket)

        assert refused.value.response.status_code == 400
        assert await refused.value.response.get_json() == {"code": -1125, "msg": "This listenKey does not exist."}

    async def test_an_expired_listen_key_is_refused(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        sim.simulation.clock.advance(timedelta(minutes=61))

        with pytest.raises(WebsocketResponseError):
            async with sim.client.websocket(f"/private/ws?listenKey={key}") as socket:
                await next_frame(socket)


class TestExpiry:
    async def test_an_expiring_key_sends_listen_key_expired_then_closes(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        async with opened(sim, f"/private/ws?listenKey={key}") as socket:
            sim.simulation.clock.advance(timedelta(minutes=60))
            expired = await next_frame(socket)
            with pytest.raises(WebsocketDisconnectError) as closed:
                await next_frame(socket)

        assert expired["e"] == "listenKeyExpired" and expired["listenKey"] == key
        assert isinstance(expired["E"], str) and int(expired["E"]) >= 1767229200000
        assert closed.value.args == (1000,)

    async def test_deleting_the_key_ends_its_stream_the_same_way(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        async with opened(sim, f"/private/ws?listenKey={key}") as socket:
            await sim.keyed("DELETE", "/fapi/v1/listenKey")
            expired = await next_frame(socket)
            with pytest.raises(WebsocketDisconnectError):
                await next_frame(socket)

        assert expired["e"] == "listenKeyExpired"

    async def test_a_keepalive_keeps_the_stream_open_past_the_first_hour(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        async with opened(sim, f"/private/ws?listenKey={key}") as socket:
            sim.simulation.clock.advance(timedelta(minutes=40))
            await sim.keyed("PUT", "/fapi/v1/listenKey")
            sim.simulation.clock.advance(timedelta(minutes=40))
            placed = await market_order(sim)
            frame = await next_frame(socket)

        assert frame["o"]["i"] == placed["orderId"]


class TestListenKeyAsStream:
    async def test_subscribing_to_a_listen_key_on_legacy_ws_streams_its_events_raw(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        async with opened(sim, "/ws") as socket:
            await socket.send(f'{{"method":"SUBSCRIBE","params":["{key}"],"id":1}}')
            answer = await next_frame(socket)
            await market_order(sim)
            received = await frames(socket, 4)

        assert answer == {"result": None, "id": 1}
        assert kinds(received) == MARKET_ORDER

    async def test_a_listen_key_on_a_combined_stream_wraps_its_events(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        async with opened(sim, f"/stream?streams={key}") as socket:
            await market_order(sim)
            frame = await next_frame(socket)

        assert frame["stream"] == key and frame["data"]["e"] == "ORDER_TRADE_UPDATE"

    async def test_unsubscribing_the_listen_key_stops_its_events(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        async with opened(sim, f"/stream?streams={key}/xrpusdt@markPrice@1s") as socket:
            await socket.send(f'{{"method":"UNSUBSCRIBE","params":["{key}"],"id":2}}')
            answer = await next_frame(socket)
            await market_order(sim)
            sim.simulation.clock.advance(timedelta(seconds=1))
            frame = await next_frame(socket)

        assert answer == {"result": None, "id": 2}
        assert frame["stream"] == "xrpusdt@markPrice@1s"

    async def test_the_split_market_path_does_not_take_a_listen_key(self, sim: SimClient) -> None:
        key = await listen_key(sim)
        async with opened(sim, "/market/ws") as socket:
            await socket.send(f'{{"method":"SUBSCRIBE","params":["{key}"],"id":3}}')
            answer = await next_frame(socket)

        assert answer["error"]["code"] == 2 and answer["id"] == 3
