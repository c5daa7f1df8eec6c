"""ccxt, unchanged, trades against `alphaengine sim` as it would on Binance: `ccxt.binanceusdm` over REST and
`ccxt.pro.binanceusdm` over its own WebSocket layer. The only configuration is ccxt's documented `urls` override
pointing every host it uses at the simulator; nothing is patched. The module ends by checking that no request of
ccxt got the simulator's unknown-path 404."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import ccxt
import ccxt.pro
import pytest

from tests.simulator.compat.conftest import (
    EVENT_TIMEOUT_SECONDS,
    KEY,
    SECRET,
    SYMBOL,
    assert_all_served,
    until_seen,
    ws_url,
)

MARKET = "XRP/USDT:USDT"
# ccxt's names for the hosts of Binance's USDⓈ-M REST API, by the path each one serves
REST_HOSTS = {
    "fapiPublic": "/fapi/v1",
    "fapiPublicV2": "/fapi/v2",
    "fapiPublicV3": "/fapi/v3",
    "fapiPrivate": "/fapi/v1",
    "fapiPrivateV2": "/fapi/v2",
    "fapiPrivateV3": "/fapi/v3",
    "fapiData": "/futures/data",
    "sapi": "/sapi/v1",
}


def ccxt_config(sim_url: str) -> dict[str, Any]:
    """The key pair and every URL ccxt's binanceusdm uses, on the simulator (its REST hosts and linear WS base)."""
    hosts: dict[str, Any] = {name: f"{sim_url}{path}" for name, path in REST_HOSTS.items()}
    hosts["ws"] = {"linear": f"{ws_url(sim_url)}/ws"}
    return {"apiKey": KEY, "secret": SECRET, "urls": {"api": hosts}}


@pytest.fixture(scope="module")
def exchange(sim_url: str) -> ccxt.binanceusdm:
    binanceusdm = ccxt.binanceusdm(ccxt_config(sim_url))
    binanceusdm.load_markets()
    return binanceusdm


def below_market(exchange: Any) -> str:
    bid = Decimal(str(exchange.fetch_order_book(MARKET, 5)["bids"][0][0]))
    return str(exchange.price_to_precision(MARKET, float(bid * Decimal("0.9"))))


def test_ccxt_loads_the_market_its_rules_and_the_currencies(exchange: ccxt.binanceusdm) -> None:
    market = exchange.market(MARKET)

    assert (market["id"], market["linear"], market["settle"]) == (SYMBOL, True, "USDT")
    assert market["precision"]["price"] == 0.0001
    assert market["limits"]["amount"]["min"] > 0
    assert "USDT" in exchange.currencies


def test_ccxt_reads_the_depth_and_the_tickers(exchange: ccxt.binanceusdm) -> None:
    book = exchange.fetch_order_book(MARKET, 5)
    ticker = exchange.fetch_ticker(MARKET)
    tickers = exchange.fetch_tickers([MARKET])
    bids_asks = exchange.fetch_bids_asks([MARKET])
    last = exchange.fetch_last_prices([MARKET])
    mark = exchange.fetch_mark_price(MARKET)

    assert 0 < book["bids"][0][0] < book["asks"][0][0]
    assert len(book["bids"]) == len(book["asks"]) == 5
    assert ticker["low"] <= ticker["last"] <= ticker["high"]
    assert tickers[MARKET]["symbol"] == MARKET
    assert bids_asks[MARKET]["bid"] < bids_asks[MARKET]["ask"]
    assert last[MARKET]["price"] > 0
    assert mark["markPrice"] > 0


def test_ccxt_reads_the_status_fees_funding_trades_and_account_settings(exchange: ccxt.binanceusdm) -> None:
    status = exchange.fetch_status()
    fee = exchange.fetch_trading_fee(MARKET)
    funding = exchange.fetch_funding_rate(MARKET)
    funding_history = exchange.fetch_funding_rate_history(MARKET)
    trades = exchange.fetch_trades(MARKET)
    leverage = exchange.fetch_leverage(MARKET)
    position_mode = exchange.fetch_position_mode(MARKET)

    assert status["status"] == "ok"
    assert 0 < fee["maker"] < fee["taker"]
    assert funding["markPrice"] > 0 and funding["fundingTimestamp"] > funding_history[-1]["timestamp"]
    assert trades[-1]["price"] > 0
    assert (leverage["marginMode"], leverage["longLeverage"] > 0) == ("cross", True)
    assert position_mode["hedged"] is False


def test_ccxt_switches_a_flat_symbol_to_isolated_margin_and_back(exchange: ccxt.binanceusdm) -> None:
    exchange.set_margin_mode("isolated", MARKET)
    isolated = exchange.fetch_margin_mode(MARKET)
    exchange.set_margin_mode("cross", MARKET)

    assert isolated["marginMode"] == "isolated"
    assert exchange.fetch_margin_mode(MARKET)["marginMode"] == "cross"


def test_ccxt_moves_funds_from_futures_to_spot_and_back(exchange: ccxt.binanceusdm) -> None:
    before = exchange.fetch_balance()["USDT"]["total"]
    moved = exchange.transfer("USDT", 5, "swap", "spot")
    between = exchange.fetch_balance()["USDT"]["total"]
    back = exchange.transfer("USDT", 5, "spot", "swap")

    assert None not in (moved["id"], back["id"]) and moved["id"] != back["id"]
    assert (between, exchange.fetch_balance()["USDT"]["total"]) == (before - 5, before)


def test_ccxt_sets_the_leverage_and_reads_the_leverage_tiers(exchange: ccxt.binanceusdm) -> None:
    changed = exchange.set_leverage(5, MARKET)
    tiers = exchange.fetch_market_leverage_tiers(MARKET)

    assert changed["leverage"] == 5
    assert tiers[0]["minNotional"] == 0
    assert tiers[0]["maxLeverage"] >= tiers[-1]["maxLeverage"]


def test_ccxt_places_lists_and_cancels_a_limit_order(exchange: ccxt.binanceusdm) -> None:
    placed = exchange.create_order(MARKET, "limit", "buy", 20, float(below_market(exchange)))
    open_ids = {order["id"] for order in exchange.fetch_open_orders(MARKET)}
    cancelled = exchange.cancel_order(placed["id"], MARKET)
    fetched = exchange.fetch_order(placed["id"], MARKET)

    assert placed["status"] == "open"
    assert placed["id"] in open_ids
    assert cancelled["status"] == fetched["status"] == "canceled"


def test_a_market_order_shows_in_positions_balance_trades_and_ledger(exchange: ccxt.binanceusdm) -> None:
    filled = exchange.create_order(MARKET, "market", "buy", 30)
    [position] = exchange.fetch_positions([MARKET])
    balance = exchange.fetch_balance()
    trades = exchange.fetch_my_trades(MARKET)
    ledger = exchange.fetch_ledger("USDT")

    assert filled["status"] == "closed"
    assert (position["side"], position["contracts"] >= 30) == ("long", True)
    assert 0 < balance["USDT"]["total"] < 10_000
    assert filled["id"] in {trade["order"] for trade in trades}
    assert "commission" in {entry["type"] for entry in ledger}


@pytest.mark.anyio
async def test_ccxt_pro_watches_its_orders_balance_and_positions(sim_url: str) -> None:
    pro = ccxt.pro.binanceusdm(ccxt_config(sim_url))
    try:
        await pro.create_order(MARKET, "market", "buy", 20)
        # The first watch of positions answers with ccxt's REST snapshot; the later ones with stream events
        snapshot = await asyncio.wait_for(pro.watch_positions([MARKET]), EVENT_TIMEOUT_SECONDS)
        # A resting limit order makes one frame only, so no late frame of it can answer the watches below
        price = float(pro.price_to_precision(MARKET, (await pro.fetch_order_book(MARKET, 5))["bids"][0][0] * 0.9))
        first = await until_seen(pro.watch_orders(MARKET), lambda: pro.create_order(MARKET, "limit", "buy", 20, price))
        # ccxt updates its cached orders in place as later frames arrive
        first_seen = (first[0]["symbol"], first[0]["status"])
        orders = asyncio.ensure_future(pro.watch_orders(MARKET))
        balance = asyncio.ensure_future(pro.watch_balance())
        positions = asyncio.ensure_future(pro.watch_positions([MARKET]))
        placed = await pro.create_order(MARKET, "market", "sell", 10)
        seen = await asyncio.wait_for(asyncio.gather(orders, balance, positions), EVENT_TIMEOUT_SECONDS)
        await pro.cancel_all_orders(MARKET)
    finally:
        await pro.close()

    watched_orders, watched_balance, watched_positions = seen
    assert MARKET in {position["symbol"] for position in snapshot}
    assert first_seen == (MARKET, "open")
    assert placed["id"] in {order["id"] for order in watched_orders}
    assert 0 < watched_balance["USDT"]["total"] < 10_000
    assert MARKET in {position["symbol"] for position in watched_positions}


@pytest.mark.anyio
async def test_ccxt_pro_watches_klines_tickers_the_book_and_the_mark_price(sim_url: str) -> None:
    pro = ccxt.pro.binanceusdm(ccxt_config(sim_url))
    try:
        await pro.load_markets()
        candles = await asyncio.wait_for(pro.watch_ohlcv(MARKET, "1m"), EVENT_TIMEOUT_SECONDS)
        ticker = await asyncio.wait_for(pro.watch_ticker(MARKET), EVENT_TIMEOUT_SECONDS)
        book = await asyncio.wait_for(pro.watch_order_book(MARKET), EVENT_TIMEOUT_SECONDS)
        bids_asks = await asyncio.wait_for(pro.watch_bids_asks([MARKET]), EVENT_TIMEOUT_SECONDS)
        mark = await asyncio.wait_for(pro.watch_mark_price(MARKET), EVENT_TIMEOUT_SECONDS)
    finally:
        await pro.close()

    opened, high, low, close = candles[-1][1:5]
    assert low <= min(opened, close) <= max(opened, close) <= high
    assert (ticker["symbol"], ticker["last"] > 0) == (MARKET, True)
    assert 0 < book["bids"][0][0] < book["asks"][0][0]
    assert bids_asks[MARKET]["bid"] < bids_asks[MARKET]["ask"]
    assert mark["markPrice"] > 0


def test_no_request_of_ccxt_went_unserved(sim_url: str) -> None:
    assert_all_served(sim_url)
