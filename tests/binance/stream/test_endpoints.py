"""The WebSocket URLs: the 2026 /private and /market split by default, legacy forms by template."""

from __future__ import annotations

import pytest

from adapters.binance.stream import DEMO_WS, StreamEndpoints
from adapters.binance.stream.endpoints import kline_stream, mark_price_stream


def test_user_data_connects_on_the_private_path_with_the_key_as_query() -> None:
    assert StreamEndpoints().user_data("abc") == "wss://fstream.binance.com/private/ws?listenKey=abc"


def test_market_streams_use_the_market_path_and_lower_case_names() -> None:
    endpoints = StreamEndpoints("ws://127.0.0.1:8080/")

    assert endpoints.market(kline_stream("XRPUSDT", "1m")) == "ws://127.0.0.1:8080/market/ws/xrpusdt@kline_1m"
    assert endpoints.market(mark_price_stream("XRPUSDT", False)) == "ws://127.0.0.1:8080/market/ws/xrpusdt@markPrice"


def test_the_one_second_mark_price_stream_can_be_chosen() -> None:
    assert mark_price_stream("BTCUSDT", True) == "btcusdt@markPrice@1s"


def test_the_demo_host_can_be_given_its_legacy_paths() -> None:
    demo = StreamEndpoints(DEMO_WS, user_template="{base}/ws/{key}", market_template="{base}/ws/{stream}")

    assert demo.user_data("k") == "wss://demo-fstream.binance.com/ws/k"
    assert demo.market("xrpusdt@kline_5m") == "wss://demo-fstream.binance.com/ws/xrpusdt@kline_5m"


@pytest.mark.parametrize("base", ["https://fstream.binance.com", "fstream.binance.com", "wss://"])
def test_a_base_that_is_not_a_websocket_url_is_refused(base: str) -> None:
    with pytest.raises(ValueError, match="WebSocket base URL"):
        StreamEndpoints(base)


def test_templates_without_their_placeholder_are_refused() -> None:
    with pytest.raises(ValueError, match="needs a {key} placeholder"):
        StreamEndpoints(user_template="{base}/private/ws")
    with pytest.raises(ValueError, match="needs a {stream} placeholder"):
        StreamEndpoints(market_template="{base}/market/ws")


def test_an_unknown_kline_interval_is_refused_with_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="unknown kline interval '1min'.*15m"):
        kline_stream("XRPUSDT", "1min")


@pytest.mark.parametrize("symbol", ["xrpusdt", "XRP/USDT", ""])
def test_a_symbol_that_is_not_binance_shaped_is_refused(symbol: str) -> None:
    with pytest.raises(ValueError, match="symbol must be upper-case"):
        kline_stream(symbol, "1m")
