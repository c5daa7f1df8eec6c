"""Constants: today's Binance hosts per mode, and the override mechanism every host goes through."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.constants import BinanceEndpoints, Defaults, Endpoints


def test_production_uses_the_split_websocket_paths() -> None:
    endpoints = BinanceEndpoints.for_mode("production")

    assert endpoints.rest_url == "https://fapi.binance.com"
    assert (endpoints.ws_market_url, endpoints.ws_public_url, endpoints.ws_private_url) == (
        "wss://fstream.binance.com/market",
        "wss://fstream.binance.com/public",
        "wss://fstream.binance.com/private",
    )


def test_testnet_uses_the_demo_hosts_without_split_paths() -> None:
    endpoints = BinanceEndpoints.for_mode("testnet")

    assert endpoints.rest_url == "https://demo-fapi.binance.com"
    assert endpoints.ws_market_url == endpoints.ws_private_url == "wss://demo-fstream.binance.com"


def test_sim_is_on_localhost_at_the_sim_port() -> None:
    endpoints = BinanceEndpoints.for_mode("sim")

    assert endpoints.rest_url == f"http://127.0.0.1:{Defaults.SIM_PORT}"
    assert endpoints.ws_private_url == f"ws://127.0.0.1:{Defaults.SIM_PORT}/private"


def test_an_unknown_mode_is_named() -> None:
    with pytest.raises(ValueError, match="mode 'paper' is not one of production, testnet, sim"):
        BinanceEndpoints.for_mode("paper")


def test_overrides_replace_only_what_they_name() -> None:
    endpoints = BinanceEndpoints.PRODUCTION.with_overrides(rest_url="https://example.test", ws_url=None)

    assert endpoints == Endpoints(
        "https://example.test", "wss://fstream.binance.com", spot_rest_url="https://api.binance.com"
    )


def test_the_wallet_host_is_the_spot_host_or_else_the_rest_host() -> None:
    moved = BinanceEndpoints.SIM.with_overrides(rest_url="http://127.0.0.1:9000")

    assert BinanceEndpoints.PRODUCTION.wallet_url == "https://api.binance.com"
    assert BinanceEndpoints.TESTNET.wallet_url == "https://demo-api.binance.com"
    assert moved.wallet_url == "http://127.0.0.1:9000"


def test_an_unknown_override_is_refused() -> None:
    with pytest.raises(TypeError):
        BinanceEndpoints.SIM.with_overrides(rest_host="x")


def test_defaults_match_the_prd() -> None:
    assert (Defaults.EXCHANGE, Defaults.VENUE) == ("BINANCE", "FUTURES")
    assert (Defaults.WEB_HOST, Defaults.WEB_PORT, Defaults.SIM_PORT) == ("127.0.0.1", 8000, 8600)
    assert Defaults.DB_PATH == Path("data/alphaengine.sqlite3")
