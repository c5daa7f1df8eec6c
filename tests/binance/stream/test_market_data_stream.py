"""BinanceMarketDataStream against a scripted WebSocket host: klines, mark prices, bad frames, reconnects."""

from __future__ import annotations

from contextlib import aclosing
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from adapters.binance.stream import BinanceMarketDataStream, StreamEndpoints
from adapters.memory.clock import ManualClock
from tests.binance.stream.scripted_server import CLOSE, frame, scripted_server
from tests.binance.stream.support import fast_backoff, fast_timing, take

pytestmark = pytest.mark.anyio

KLINE = frame("ws_kline_1m_docs_example.json")
MARK = frame("ws_mark_price_update_docs_example.json")


def market(url: str, clock: ManualClock | None = None, **timing: object) -> BinanceMarketDataStream:
    return BinanceMarketDataStream(clock or ManualClock(), StreamEndpoints(url), fast_timing(**timing), fast_backoff())


async def test_kline_frames_become_klines_on_the_interval_stream() -> None:
    async with scripted_server([[KLINE]]) as server, aclosing(market(server.url).klines("BTCUSDT", "1m")) as klines:
        [kline] = await take(klines, 1)

    assert server.paths == ["/market/ws/btcusdt@kline_1m"]
    assert (kline.open, kline.close, kline.closed) == (Decimal("0.001"), Decimal("0.002"), False)


async def test_mark_price_frames_become_time_and_price() -> None:
    async with scripted_server([[MARK]]) as server, aclosing(market(server.url).mark_prices("BTCUSDT")) as prices:
        [(at, price)] = await take(prices, 1)

    assert server.paths == ["/market/ws/btcusdt@markPrice"]
    assert (at, price) == (datetime(2019, 7, 5, 5, 43, tzinfo=UTC), Decimal("11794.15"))


async def test_unreadable_frames_and_subscription_replies_are_skipped() -> None:
    reply = '{"result": null, "id": 1}'
    async with scripted_server([["garbage", reply, MARK, KLINE]]) as server:
        async with aclosing(market(server.url).klines("BTCUSDT", "1m")) as klines:
            [kline] = await take(klines, 1)

    assert kline.close == Decimal("0.002")


async def test_frames_for_another_symbol_are_ignored() -> None:
    other = KLINE.replace('"BTCUSDT"', '"ETHUSDT"')
    async with scripted_server([[other, KLINE.replace('"c": "0.0020"', '"c": "0.0030"')]]) as server:
        async with aclosing(market(server.url).klines("BTCUSDT", "1m")) as klines:
            [kline] = await take(klines, 1)

    assert kline.close == Decimal("0.003")


async def test_a_closed_connection_is_reopened_and_updates_continue() -> None:
    async with scripted_server([[KLINE, CLOSE], [KLINE]]) as server:
        async with aclosing(market(server.url).klines("BTCUSDT", "1m")) as klines:
            received = await take(klines, 2)

    assert len(received) == 2
    assert server.paths == ["/market/ws/btcusdt@kline_1m"] * 2


class SteppingClock(ManualClock):
    """Moves 20 s at every reading, so a connection with no frames ages while the reader ticks."""

    def now(self) -> datetime:
        return self.advance(timedelta(seconds=20))


async def test_a_silent_connection_is_reopened() -> None:
    timing = {"silence_after": timedelta(seconds=30), "reconnect_after_silence": timedelta(seconds=60)}
    async with scripted_server([[], [MARK]]) as server:
        async with aclosing(market(server.url, SteppingClock(), **timing).mark_prices("BTCUSDT")) as prices:
            [(_, price)] = await take(prices, 1)

    assert price == Decimal("11794.15")
    assert len(server.paths) == 2


def test_a_bad_interval_is_refused_when_asked_not_at_the_first_frame() -> None:
    with pytest.raises(ValueError, match="unknown kline interval"):
        market("ws://127.0.0.1:9").klines("BTCUSDT", "2m")
