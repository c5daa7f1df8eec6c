"""ccxt.pro's binanceusdm, unchanged, on the simulator's streams: watch_ticker and watch_ohlcv (its /market/ws/<id>
socket, then SUBSCRIBE) and watch_orders (its /private/ws?listenKey= socket). Only the URLs point at the simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any

import anyio
import ccxt.pro as ccxtpro
import pytest

from tests.simulator.server.support import KEY, SECRET
from tests.simulator.stream.support import HANG_GUARD_SECONDS
from tests.simulator.stream.test_real_server import Server, serving

pytestmark = pytest.mark.anyio

SYMBOL = "XRP/USDT:USDT"
BINANCE_REST = "https://fapi.binance.com"


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    async with serving() as running:
        yield running


@pytest.fixture
async def exchange(server: Server) -> AsyncIterator[Any]:
    # Options keep ccxt to the futures host and to the streams: no spot currencies, no REST positions snapshot
    options = {
        "fetchMarkets": {"types": ["linear"]},
        "fetchCurrencies": False,
        "watchPositions": {"fetchPositionsSnapshot": False},
    }
    client = ccxtpro.binanceusdm({"apiKey": KEY, "secret": SECRET, "options": options})
    rest = server.ws_url.replace("ws://", "http://")
    for name, url in list(client.urls["api"].items()):
        if isinstance(url, str) and url.startswith(BINANCE_REST):
            client.urls["api"][name] = url.replace(BINANCE_REST, rest)
    client.urls["api"]["ws"]["linear"] = f"{server.ws_url}/ws"
    try:
        await client.load_markets()
        yield client
    finally:
        await client.close()


async def while_doing(action: Callable[[], Awaitable[None]], watch: Awaitable[Any]) -> Any:
    """`watch`'s answer, with `action` running alongside (the simulation moves only when told)."""
    result: list[Any] = []
    with anyio.fail_after(HANG_GUARD_SECONDS):
        async with anyio.create_task_group() as group:
            group.start_soon(action)
            result.append(await watch)
            group.cancel_scope.cancel()
    return result[0]


def clock_runs(server: Server) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        while True:
            await anyio.sleep(0.05)
            server.simulation.clock.advance(timedelta(seconds=1))

    return run


async def test_watch_ticker_reads_the_24hr_ticker_stream(server: Server, exchange: Any) -> None:
    ticker = await while_doing(clock_runs(server), exchange.watch_ticker(SYMBOL))

    assert ticker["symbol"] == SYMBOL and ticker["last"] == float(server.simulation.market.last_price(at=None))


async def test_watch_ohlcv_reads_the_kline_stream(server: Server, exchange: Any) -> None:
    candles = await while_doing(clock_runs(server), exchange.watch_ohlcv(SYMBOL, "1m"))

    opened, *_ = candles[-1]
    assert opened % 60_000 == 0 and len(candles[-1]) == 6


async def test_watch_orders_reads_the_user_data_stream(server: Server, exchange: Any) -> None:
    async def place() -> None:
        await anyio.sleep(0.3)
        await server.market_order()

    orders = await while_doing(place, exchange.watch_orders(SYMBOL))

    assert orders[-1]["symbol"] == SYMBOL and orders[-1]["side"] == "buy"
