"""End to end: the stream clients over real sockets to the simulator's wire face (Hypercorn on a free port)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import aclosing, asynccontextmanager
from datetime import timedelta
from typing import Any

import anyio
import pytest

from adapters.binance.stream import (
    BinanceMarketDataStream,
    BinanceUserDataStream,
    HttpListenKeyApi,
    ListenKeyLifecycle,
    StreamEndpoints,
)
from adapters.memory.clock import ManualClock
from adapters.simulator.faults.setting import FaultSetting
from adapters.simulator.faults.stream import CLOSE, STALL
from domain.events import FeeCharged, OrderPlaced, OrderUpdated, TradeExecuted
from ports.exchange import StreamStatus, UserDataMessage
from tests.binance.stream.sim_server import RunningSim, running_sim
from tests.binance.stream.support import fast_backoff, fast_timing, take
from tests.simulator.server.support import KEY

pytestmark = pytest.mark.anyio


@asynccontextmanager
async def user_stream(sim: RunningSim, clock: ManualClock, **timing: Any) -> AsyncIterator[AsyncIterator[Any]]:
    keys = ListenKeyLifecycle(HttpListenKeyApi(sim.client, KEY, clock), clock)
    stream = BinanceUserDataStream(
        keys, sim.simulation.options.symbol, clock, StreamEndpoints(sim.ws_url), fast_timing(**timing), fast_backoff()
    )
    async with aclosing(stream.messages()) as messages:
        yield messages


async def until(messages: AsyncIterator[Any], wanted: type) -> list[UserDataMessage]:
    """Every message up to and including the first of type `wanted`."""
    received: list[UserDataMessage] = []
    while not received or not isinstance(received[-1], wanted):
        received += await take(messages, 1)
    return received


def states(messages: list[UserDataMessage]) -> list[str]:
    return [m.state for m in messages if isinstance(m, StreamStatus)]


async def test_a_market_order_over_signed_rest_arrives_as_domain_events_through_the_stream() -> None:
    async with running_sim() as sim, user_stream(sim, ManualClock()) as messages:
        [connected] = await take(messages, 1)
        await sim.sockets_become(1)
        placed = await sim.market_order()
        received = await until(messages, FeeCharged)

    assert connected.state == "connected"
    placed_event = next(m for m in received if isinstance(m, OrderPlaced))
    trade = next(m for m in received if isinstance(m, TradeExecuted))
    assert placed_event.order_id == trade.order_id == placed["orderId"]
    assert any(isinstance(m, OrderUpdated) and m.status.value == "FILLED" for m in received)


async def test_a_listen_key_that_dies_on_the_simulator_is_replaced_and_events_flow_again() -> None:
    async with running_sim() as sim, user_stream(sim, ManualClock()) as messages:
        await take(messages, 1)
        await sim.sockets_become(1)
        first_key = sim.face.listen_keys.create(KEY)
        # Deleting the key ends it as expiry does, without replaying an hour of simulated market
        sim.face.listen_keys.close(KEY)
        signals = await take(messages, 3)
        await sim.sockets_become(1)
        second_key = sim.face.listen_keys.create(KEY)
        await sim.market_order()
        received = await until(messages, TradeExecuted)

    assert [s.state for s in signals] == ["key_expired", "disconnected", "connected"]
    assert first_key != second_key
    assert any(isinstance(m, TradeExecuted) for m in received)


async def test_a_socket_closed_by_the_simulator_is_reopened_and_signals_a_reconnect() -> None:
    async with running_sim() as sim, user_stream(sim, ManualClock()) as messages:
        await take(messages, 1)
        await sim.sockets_become(1)
        sim.face.stream_faults.arm(CLOSE, FaultSetting(count=1))
        signals = await take(messages, 2)
        await sim.sockets_become(1)
        await sim.market_order()
        received = await until(messages, TradeExecuted)

    assert [s.state for s in signals] == ["disconnected", "connected"]
    assert states(received) == []


async def test_a_stalled_socket_is_signalled_silent_and_reopened_and_later_events_arrive() -> None:
    clock = ManualClock()
    async with running_sim() as sim, user_stream(sim, clock, reconnect_after_silence=timedelta(minutes=2)) as messages:
        await take(messages, 1)
        await sim.sockets_become(1)
        sim.face.stream_faults.arm(STALL, FaultSetting(count=1))
        await sim.market_order()
        clock.advance(timedelta(seconds=61))
        silent = await take(messages, 1)
        clock.advance(timedelta(minutes=1))
        signals = await take(messages, 2)
        await sim.sockets_become(1)
        await sim.market_order()
        received = await until(messages, TradeExecuted)

    assert [s.state for s in [*silent, *signals]] == ["silent", "disconnected", "connected"]
    assert any(isinstance(m, TradeExecuted) for m in received)


async def test_market_streams_deliver_klines_and_mark_prices_from_the_simulator() -> None:
    received: dict[str, Any] = {}

    async def first(name: str, updates: AsyncIterator[Any]) -> None:
        async with aclosing(updates):
            [received[name]] = await take(updates, 1)

    async with running_sim() as sim:
        market = BinanceMarketDataStream(ManualClock(), StreamEndpoints(sim.ws_url), fast_timing(), fast_backoff())
        symbol = sim.simulation.options.symbol
        async with anyio.create_task_group() as group:
            group.start_soon(first, "kline", market.klines(symbol, "1m"))
            group.start_soon(first, "mark", market.mark_prices(symbol))
            # The simulated market moves only when its clock does; the sockets open once the readers start
            with anyio.fail_after(10):
                while len(received) < 2:
                    sim.simulation.clock.advance(timedelta(seconds=5))
                    await anyio.sleep(0.01)

    kline, (_, mark) = received["kline"], received["mark"]
    assert kline.open > 0 and kline.close_time > kline.open_time
    assert mark > 0
