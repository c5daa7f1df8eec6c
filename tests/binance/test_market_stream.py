"""kline and markPriceUpdate frames → Kline and (time, mark price) for the configured symbol."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from adapters.binance.translate import kline_from_stream, mark_price_from_stream
from domain.reports import Kline
from tests.binance.support import fixture_text, utc


def data(name: str) -> Any:
    return json.loads(fixture_text(name))


def test_a_kline_frame_becomes_a_kline_closed_as_the_frame_says() -> None:
    frame = data("ws_kline_1m_docs_example.json")
    frame["k"]["x"] = True

    kline = kline_from_stream(frame, "BTCUSDT")

    assert kline == Kline(
        utc("2021-12-05T23:41:00Z"),
        utc("2021-12-05T23:41:59.999Z"),
        Decimal("0.001"),
        Decimal("0.0025"),
        Decimal("0.0015"),
        Decimal("0.002"),
        Decimal("1000"),
        True,
    )


def test_a_mark_price_frame_gives_its_event_time_and_mark_price() -> None:
    mark = mark_price_from_stream(data("ws_mark_price_update_docs_example.json"), "BTCUSDT")

    assert mark == (utc("2019-07-05T05:43:00Z"), Decimal("11794.15"))


def test_market_frames_of_another_symbol_yield_nothing() -> None:
    assert kline_from_stream(data("ws_kline_1m_docs_example.json"), "XRPUSDT") is None
    assert mark_price_from_stream(data("ws_mark_price_update_docs_example.json"), "XRPUSDT") is None
