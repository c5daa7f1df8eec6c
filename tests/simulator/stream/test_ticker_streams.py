"""@ticker and @miniTicker from the one rolling 24-hour computation that also answers GET /fapi/v1/ticker/24hr;
continuousKline with the kline stream's bars."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from quart.testing.connections import WebsocketResponseError

from adapters.simulator.market.intervals import DAY_MS
from tests.simulator.server.support import SimClient
from tests.simulator.shapes.shape import differences
from tests.simulator.stream.support import frames, next_frame, opened

pytestmark = pytest.mark.anyio

# Binance's docs examples (Individual Symbol Ticker / Mini Ticker Streams, Continuous Contract Kline, 24hr Ticker),
# with `ps` and `st` that the official SDK's models add
TICKER_DOCS = {
    "e": "24hrTicker", "E": 123456789, "s": "BTCUSDT", "p": "0.0015", "P": "250.00", "w": "0.0018", "c": "0.0025",
    "Q": "10", "o": "0.0010", "h": "0.0025", "l": "0.0010", "v": "10000", "q": "18", "O": 0, "C": 86400000,
    "F": 0, "L": 18150, "n": 18151, "ps": "BTCUSDT", "st": 1,
}  # fmt: skip
MINI_TICKER_DOCS = {
    "e": "24hrMiniTicker", "E": 123456789, "s": "BTCUSDT", "c": "0.0025", "o": "0.0010", "h": "0.0025",
    "l": "0.0010", "v": "10000", "q": "18", "ps": "BTCUSDT", "st": 1,
}  # fmt: skip
CONTINUOUS_KLINE_DOCS = {
    "e": "continuous_kline", "E": 1607443058651, "ps": "BTCUSDT", "ct": "PERPETUAL",
    "k": {"t": 1607443020000, "T": 1607443079999, "i": "1m", "f": 116467658886, "L": 116468012423, "o": "18787.00",
          "c": "18804.04", "h": "18804.04", "l": "18786.54", "v": "197.664", "n": 543, "x": False,
          "q": "3715253.19494", "V": "184.769", "Q": "3472925.84746", "B": "0"},
}  # fmt: skip
TICKER_24HR_DOCS = {
    "symbol": "BTCUSDT", "priceChange": "-94.99999800", "priceChangePercent": "-95.960",
    "weightedAvgPrice": "0.29628482", "lastPrice": "4.00000200", "lastQty": "200.00000000", "openPrice": "99.00000000",
    "highPrice": "100.00000000", "lowPrice": "0.10000000", "volume": "8913.30000000", "quoteVolume": "15.30000000",
    "openTime": 1499783499040, "closeTime": 1499869899040, "firstId": 28385, "lastId": 28460, "count": 76,
}  # fmt: skip


def later(sim: SimClient, seconds: float) -> None:
    sim.simulation.clock.advance(timedelta(seconds=seconds))


async def ticker_24hr(sim: SimClient, **params: Any) -> tuple[Any, int]:
    response = await sim.public("/fapi/v1/ticker/24hr", **params)
    return await response.get_json(), int(response.headers["X-MBX-USED-WEIGHT-1M"])


class TestTickerStreams:
    async def test_ticker_comes_every_two_seconds_in_binances_shape(self, sim: SimClient) -> None:
        async with opened(sim, "/market/ws/xrpusdt@ticker") as socket:
            later(sim, 6)
            received = await frames(socket, 3)

        assert differences(received[0], TICKER_DOCS) == []
        assert all(b["E"] - a["E"] == 2000 for a, b in itertools.pairwise(received))
        assert all(frame["E"] % 2000 == 0 and frame["C"] - frame["O"] == DAY_MS for frame in received)
        first = received[0]
        assert Decimal(first["l"]) <= Decimal(first["c"]) <= Decimal(first["h"])
        assert Decimal(first["p"]) == Decimal(first["c"]) - Decimal(first["o"])
        assert first["n"] == first["L"] - first["F"] + 1

    async def test_mini_ticker_carries_the_same_day(self, sim: SimClient) -> None:
        async with opened(sim, "/market/stream?streams=xrpusdt@ticker/xrpusdt@miniTicker") as socket:
            later(sim, 2)
            received = {frame["stream"]: frame["data"] for frame in await frames(socket, 2)}

        full, mini = received["xrpusdt@ticker"], received["xrpusdt@miniTicker"]
        assert differences(mini, MINI_TICKER_DOCS) == []
        assert {key: full[key] for key in "Ecohlvq"} == {key: mini[key] for key in "Ecohlvq"}

    async def test_the_stream_and_the_rest_ticker_agree_at_the_same_instant(self, sim: SimClient) -> None:
        async with opened(sim, "/market/ws/xrpusdt@ticker") as socket:
            now_ms = int(sim.simulation.clock.now().timestamp() * 1000)
            later(sim, (2000 - now_ms % 2000) / 1000)
            frame = await next_frame(socket)
            body, _ = await ticker_24hr(sim, symbol="XRPUSDT")

        assert body["closeTime"] == frame["E"] == frame["C"]
        assert (body["lastPrice"], body["openPrice"], body["highPrice"], body["lowPrice"]) == (
            frame["c"],
            frame["o"],
            frame["h"],
            frame["l"],
        )
        assert (body["volume"], body["quoteVolume"], body["count"], body["firstId"]) == (
            frame["v"],
            frame["q"],
            frame["n"],
            frame["F"],
        )

    async def test_the_all_market_arrays_hold_the_one_symbol_every_second(self, sim: SimClient) -> None:
        async with opened(sim, "/market/stream?streams=!miniTicker@arr/!ticker@arr") as socket:
            later(sim, 2)
            received = await frames(socket, 4)

        minis = [frame["data"] for frame in received if frame["stream"] == "!miniTicker@arr"]
        fulls = [frame["data"] for frame in received if frame["stream"] == "!ticker@arr"]
        assert [[row["e"] for row in rows] for rows in minis] == [["24hrMiniTicker"]] * 2
        assert [[row["s"] for row in rows] for rows in fulls] == [["XRPUSDT"]] * 2
        assert fulls[1][0]["E"] - fulls[0][0]["E"] == 1000


class TestTicker24hrEndpoint:
    async def test_one_symbol_is_an_object_of_weight_1_and_all_a_list_of_weight_40(self, sim: SimClient) -> None:
        one, weight_one = await ticker_24hr(sim, symbol="XRPUSDT")
        every, weight_all = await ticker_24hr(sim)

        assert differences(one, TICKER_24HR_DOCS) == []
        assert one["symbol"] == "XRPUSDT" and one["closeTime"] - one["openTime"] == DAY_MS
        assert isinstance(every, list) and [row["symbol"] for row in every] == ["XRPUSDT"]
        assert weight_all - weight_one == 40

    async def test_an_unknown_symbol_is_minus_1121(self, sim: SimClient) -> None:
        body, _ = await ticker_24hr(sim, symbol="DOGEUSDT")

        assert body["code"] == -1121


class TestContinuousKline:
    async def test_continuous_klines_carry_the_kline_streams_bars(self, sim: SimClient) -> None:
        path = "/market/stream?streams=xrpusdt@kline_1m/xrpusdt_perpetual@continuousKline_1m"
        async with opened(sim, path) as socket:
            later(sim, 2)
            received = await frames(socket, 16)

        klines = [frame["data"] for frame in received if frame["stream"] == "xrpusdt@kline_1m"]
        continuous = [frame["data"] for frame in received if frame["stream"].endswith("continuousKline_1m")]
        assert differences(continuous[0], CONTINUOUS_KLINE_DOCS) == []
        assert (continuous[0]["ps"], continuous[0]["ct"]) == ("XRPUSDT", "PERPETUAL")
        assert [c["E"] for c in continuous] == [k["E"] for k in klines]
        assert all({**c["k"], "s": k["k"]["s"]} == k["k"] for c, k in zip(continuous, klines, strict=True))

    @pytest.mark.parametrize(
        ("name", "named"),
        [
            ("xrpusdt_current_quarter@continuousKline_1m", "xrpusdt_perpetual@continuousKline_<interval>"),
            ("xrpusdt_perpetual@continuousKline_7m", "unknown kline interval"),
            ("XRPUSDT_perpetual@continuousKline_1m", "lowercase"),
        ],
    )
    async def test_a_continuous_kline_it_does_not_serve_is_refused_naming_why(
        self, sim: SimClient, name: str, named: str
    ) -> None:
        with pytest.raises(WebsocketResponseError) as refused:
            async with sim.client.websocket(f"/market/ws/{name}") as socket:
                await next_frame(socket)

        body = await refused.value.response.get_json()
        assert body["code"] == 2 and named in body["msg"]
        assert "only xrpusdt" not in body["msg"]
