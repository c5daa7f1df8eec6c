"""Market payloads have the keys and JSON types of the real/documented Binance fixtures, and Binance's number text."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from adapters.simulator.market import payloads
from adapters.simulator.market.events import KlineUpdate, PriceUpdate
from adapters.simulator.market.market import Market
from domain.times import epoch_ms
from tests.harness.binance_fixtures import load_fixture as fixture
from tests.simulator.market.builders import BTC, MINUTE, T0, XRP

START = T0 + timedelta(hours=1)


def shape(value: Any) -> Any:
    """The JSON type tree of a value after a JSON round trip (so Python types cannot hide a difference)."""
    value = json.loads(json.dumps(value))
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return type(value).__name__


@pytest.fixture(scope="module")
def btc() -> Market:
    subject = Market.seeded(BTC, 9, Decimal("71481.90"), START, history=timedelta(minutes=10))
    subject.advance(START + timedelta(seconds=90))
    return subject


def test_a_rest_kline_row_matches_the_fixture_rows(btc: Market) -> None:
    row = payloads.kline_row(btc.klines("1m", limit=1)[0])

    assert all(shape(row) == shape(real) for real in fixture("rest_klines_btcusdt_1m_2024.json"))


def test_a_rest_kline_row_prints_binances_decimals(btc: Market) -> None:
    row = payloads.kline_row(btc.klines("1m", limit=2)[0])
    real = fixture("rest_klines_btcusdt_1m_2024.json")[0]

    assert [len(str(cell).split(".")[1]) for cell in row[1:6]] == [len(cell.split(".")[1]) for cell in real[1:6]]
    assert len(row[7].split(".")[1]) == len(real[7].split(".")[1]) == 5
    assert row[6] - row[0] == 59_999 and row[11] == "0"


def test_a_kline_event_matches_the_stream_fixture(btc: Market) -> None:
    update = next(iter(btc.kline_updates("1m", START, START + timedelta(seconds=1))))

    event = payloads.kline_event("BTCUSDT", update.kline, epoch_ms(update.time))

    assert shape(event) == shape(fixture("ws_kline_1m_docs_example.json"))
    assert event["k"]["x"] is False and event["k"]["i"] == "1m"


def test_a_final_kline_event_says_x_true(btc: Market) -> None:
    final = [u for u in btc.kline_updates("1m", START, START + 2 * MINUTE) if u.kline.closed]

    assert [payloads.kline_event("BTCUSDT", u.kline, epoch_ms(u.time))["k"]["x"] for u in final] == [True, True]


def test_the_premium_index_matches_the_rest_fixture(btc: Market) -> None:
    body = payloads.premium_index_body("BTCUSDT", btc.premium_index())

    assert shape(body) == shape(fixture("rest_premium_index_btcusdt_docs_example.json"))
    assert body["interestRate"] == "0.00010000" and len(body["markPrice"].split(".")[1]) == 8


def test_a_zero_funding_rate_prints_as_eight_zeros() -> None:
    premium = Market.seeded(XRP, 1, Decimal("0.5000"), START).premium_index()
    zero = payloads.premium_index_body("XRPUSDT", replace(premium, last_funding_rate=Decimal("0E-8")))

    assert zero["lastFundingRate"] == "0.00000000"


def test_a_mark_price_event_matches_the_stream_fixture(btc: Market) -> None:
    event = payloads.mark_price_event("BTCUSDT", btc.premium_index())

    assert shape(event) == shape(fixture("ws_mark_price_update_docs_example.json"))
    assert event["T"] == epoch_ms(T0 + timedelta(hours=8))


def test_an_agg_trade_event_matches_the_stream_fixture(btc: Market) -> None:
    event = payloads.agg_trade_event("BTCUSDT", btc.price_update())

    assert shape(event) == shape(fixture("ws_agg_trade_docs_example.json"))
    assert event["l"] - event["f"] >= 0 and event["q"] == event["nq"]


def test_a_book_ticker_event_matches_the_stream_fixture(btc: Market) -> None:
    update = btc.price_update()

    event = payloads.book_ticker_event("BTCUSDT", update)

    assert shape(event) == shape(fixture("ws_book_ticker_docs_example.json"))
    assert Decimal(event["a"]) - Decimal(event["b"]) == BTC.tick_size


def test_stream_payloads_follow_the_market_events_one_to_one() -> None:
    subject = Market.seeded(XRP, 4, Decimal("0.5000"), START)
    events = subject.advance(START + timedelta(seconds=2))

    trades = [payloads.agg_trade_event("XRPUSDT", e) for e in events if isinstance(e, PriceUpdate)]
    klines = [payloads.kline_event("XRPUSDT", e.kline, epoch_ms(e.time)) for e in events if isinstance(e, KlineUpdate)]

    assert [t["a"] for t in trades] == list(range(trades[0]["a"], trades[0]["a"] + 8))
    assert [k["k"]["L"] for k in klines] == [t["l"] for t in trades]
