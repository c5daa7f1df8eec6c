"""Each stream fault does what it says on a live user-data socket (Quart test client, manual clock)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from quart.testing.connections import WebsocketDisconnectError

from adapters.simulator.faults.setting import FaultSetting
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


def arm(sim: SimClient, name: str, **setting: object) -> None:
    sim.app.config["SIM_FACE"].stream_faults.arm(name, FaultSetting(**setting))  # type: ignore[arg-type]


def fault_log(sim: SimClient) -> list[str]:
    return [record.fault for record in sim.app.config["SIM_FACE"].fault_log.records]


async def user_socket(sim: SimClient) -> str:
    return f"/private/ws?listenKey={await listen_key(sim)}"


class TestEventFaults:
    async def test_a_dropped_event_never_arrives(self, sim: SimClient) -> None:
        path = await user_socket(sim)
        async with opened(sim, path) as socket:
            arm(sim, "ws_drop")
            await market_order(sim)
            received = await frames(socket, 3)

        assert kinds(received) == FILL
        assert fault_log(sim) == ["ws_drop"]

    async def test_a_duplicated_event_arrives_twice(self, sim: SimClient) -> None:
        path = await user_socket(sim)
        async with opened(sim, path) as socket:
            arm(sim, "ws_duplicate")
            await market_order(sim)
            received = await frames(socket, 5)

        assert kinds(received) == ["ORDER_TRADE_UPDATE NEW", *MARKET_ORDER]
        assert received[0] == received[1]

    async def test_a_reordered_event_arrives_after_the_next_one(self, sim: SimClient) -> None:
        path = await user_socket(sim)
        async with opened(sim, path) as socket:
            arm(sim, "ws_reorder")
            await market_order(sim)
            received = await frames(socket, 4)

        assert kinds(received) == ["TRADE_LITE", "ORDER_TRADE_UPDATE NEW", "ACCOUNT_UPDATE", "ORDER_TRADE_UPDATE TRADE"]

    async def test_a_delayed_event_arrives_once_its_delay_has_passed(self, sim: SimClient) -> None:
        path = await user_socket(sim)
        async with opened(sim, path) as socket:
            arm(sim, "ws_delay", seconds=5.0)
            await market_order(sim)
            on_time = await frames(socket, 3)
            sim.simulation.clock.advance(timedelta(seconds=5))
            delayed = await next_frame(socket)

        assert kinds(on_time) == FILL
        assert kinds([delayed]) == ["ORDER_TRADE_UPDATE NEW"]

    async def test_a_fault_armed_for_every_occasion_spoils_every_event(self, sim: SimClient) -> None:
        path = await user_socket(sim)
        async with opened(sim, path) as socket:
            arm(sim, "ws_drop", count=None)
            await market_order(sim)
            sim.app.config["SIM_FACE"].stream_faults.clear("ws_drop")
            placed = await market_order(sim)
            first = await next_frame(socket)

        assert first["o"]["i"] == placed["orderId"] and first["o"]["x"] == "NEW"
        assert fault_log(sim) == ["ws_drop"] * 4


class TestSocketFaults:
    async def test_ws_close_closes_the_socket_with_going_away(self, sim: SimClient) -> None:
        path = await user_socket(sim)
        async with opened(sim, path) as socket:
            arm(sim, "ws_close")
            with pytest.raises(WebsocketDisconnectError) as closed:
                await next_frame(socket)

        assert closed.value.args == (1001,)
        assert fault_log(sim) == ["ws_close"]

    async def test_a_stalled_socket_sends_nothing_until_its_time_is_up(self, sim: SimClient) -> None:
        path = await user_socket(sim)
        async with opened(sim, path) as socket:
            arm(sim, "ws_stall", seconds=30.0)
            await market_order(sim)
            sim.simulation.clock.advance(timedelta(seconds=30))
            placed = await market_order(sim)
            received = await frames(socket, 4)

        assert kinds(received) == MARKET_ORDER
        assert received[0]["o"]["i"] == placed["orderId"]

    async def test_an_open_ended_stall_lasts_until_it_is_cleared(self, sim: SimClient) -> None:
        path = await user_socket(sim)
        async with opened(sim, path) as socket:
            arm(sim, "ws_stall")
            await market_order(sim)
            sim.simulation.clock.advance(timedelta(minutes=10))
            await market_order(sim)
            sim.app.config["SIM_FACE"].stream_faults.clear("ws_stall")
            placed = await market_order(sim)
            first = await next_frame(socket)

        assert first["o"]["i"] == placed["orderId"] and first["o"]["x"] == "NEW"
