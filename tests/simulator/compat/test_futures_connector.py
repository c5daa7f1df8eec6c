"""Binance's own `binance-futures-connector`, unchanged, trades against `alphaengine sim` as it would on Binance:
REST through `UMFutures(base_url=…)`, streams through `UMFuturesWebsocketClient(stream_url=…)` on the 2026 split
paths (/market, /public, /private). Nothing is patched; the module ends by checking no request of it got a 404."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from binance.error import ClientError
from binance.um_futures import UMFutures
from binance.websocket.um_futures.websocket_client import UMFuturesWebsocketClient

from tests.simulator.compat.conftest import EVENT_TIMEOUT_SECONDS, KEY, SECRET, SYMBOL, assert_all_served, ws_url

Frames = list[dict[str, Any]]


@pytest.fixture(scope="module")
def client(sim_url: str) -> UMFutures:
    return UMFutures(key=KEY, secret=SECRET, base_url=sim_url)


class Inbox:
    """Frames collected on the connector's socket thread; wait() returns once they satisfy `wanted`."""

    def __init__(self) -> None:
        self.frames: Frames = []
        self._arrived = threading.Condition()

    def on_message(self, _: object, message: str) -> None:
        with self._arrived:
            self.frames.append(json.loads(message))
            self._arrived.notify_all()

    def wait(self, wanted: Callable[[Frames], bool]) -> None:
        with self._arrived:
            assert self._arrived.wait_for(lambda: wanted(self.frames), timeout=EVENT_TIMEOUT_SECONDS), self.frames


@pytest.fixture
def stream(sim_url: str) -> Iterator[Callable[[str], tuple[UMFuturesWebsocketClient, Inbox]]]:
    """Open connector sockets on `<sim>/<area>` (market, public, private); all are stopped after the test."""
    opened: list[UMFuturesWebsocketClient] = []

    def open_socket(area: str) -> tuple[UMFuturesWebsocketClient, Inbox]:
        inbox = Inbox()
        socket = UMFuturesWebsocketClient(stream_url=f"{ws_url(sim_url)}/{area}", on_message=inbox.on_message)
        opened.append(socket)
        return socket, inbox

    yield open_socket
    for socket in opened:
        socket.stop()


def below_market(client: UMFutures) -> str:
    mark = Decimal(client.mark_price(SYMBOL)["markPrice"])
    return str((mark * Decimal("0.9")).quantize(Decimal("0.0001")))


def test_the_connector_reads_the_server_time_and_the_symbol_rules(client: UMFutures) -> None:
    assert client.time()["serverTime"] > 1_700_000_000_000
    symbols = {row["symbol"]: row for row in client.exchange_info()["symbols"]}
    filters = {f["filterType"]: f for f in symbols[SYMBOL]["filters"]}
    assert filters["PRICE_FILTER"]["tickSize"] == "0.0001"


def test_the_connector_sets_the_leverage_and_reads_the_brackets(client: UMFutures) -> None:
    assert client.change_leverage(symbol=SYMBOL, leverage=7)["leverage"] == 7
    [brackets] = client.leverage_brackets(symbol=SYMBOL)

    assert brackets["symbol"] == SYMBOL
    assert brackets["brackets"][0]["bracket"] == 1
    assert brackets["brackets"][0]["notionalFloor"] == 0


def test_the_connector_reads_the_depth_and_the_tickers(client: UMFutures) -> None:
    depth = client.depth(symbol=SYMBOL, limit=5)
    price = client.ticker_price(symbol=SYMBOL)
    book = client.book_ticker(symbol=SYMBOL)
    day = client.ticker_24hr_price_change(symbol=SYMBOL)

    best_bid, best_ask = Decimal(depth["bids"][0][0]), Decimal(depth["asks"][0][0])
    assert 0 < best_bid < best_ask
    assert len(depth["bids"]) == len(depth["asks"]) == 5
    assert price["symbol"] == book["symbol"] == day["symbol"] == SYMBOL
    assert Decimal(book["bidPrice"]) < Decimal(book["askPrice"])
    assert Decimal(day["lowPrice"]) <= Decimal(price["price"]) <= Decimal(day["highPrice"])


def test_the_connector_reads_the_fees_funding_and_account_modes(client: UMFutures) -> None:
    fees = client.commission_rate(symbol=SYMBOL)
    funding = client.funding_rate(symbol=SYMBOL, limit=5)
    multi_assets = client.get_multi_asset_mode()
    position_mode = client.get_position_mode()
    config = client.futures_account_configuration()

    assert 0 < Decimal(fees["makerCommissionRate"]) < Decimal(fees["takerCommissionRate"])
    assert 0 < len(funding) <= 5 and funding[-1]["symbol"] == SYMBOL
    assert (multi_assets["multiAssetsMargin"], position_mode["dualSidePosition"]) == (False, False)
    assert config["canTrade"] is True


def test_the_connector_places_queries_and_cancels_a_limit_order(client: UMFutures) -> None:
    placed = client.new_order(
        symbol=SYMBOL,
        side="BUY",
        type="LIMIT",
        timeInForce="GTC",
        quantity="20",
        price=below_market(client),
        newClientOrderId="compatLimit1",
    )
    queried = client.query_order(symbol=SYMBOL, origClientOrderId="compatLimit1")
    cancelled = client.cancel_order(symbol=SYMBOL, orderId=placed["orderId"])

    assert (queried["orderId"], queried["status"]) == (placed["orderId"], "NEW")
    assert cancelled["status"] == "CANCELED"


def test_the_connector_reports_a_binance_error_with_its_code(client: UMFutures) -> None:
    with pytest.raises(ClientError) as raised:
        client.query_order(symbol=SYMBOL, origClientOrderId="neverPlaced")

    assert (raised.value.status_code, raised.value.error_code) == (400, -2013)


def test_a_market_order_shows_in_position_balance_account_trades_and_income(client: UMFutures) -> None:
    filled = client.new_order(symbol=SYMBOL, side="BUY", type="MARKET", quantity="30", newOrderRespType="RESULT")
    position = [row for row in client.get_position_risk(symbol=SYMBOL) if row["symbol"] == SYMBOL]
    balances = {row["asset"]: row for row in client.balance()}
    account = client.account()
    trades = client.get_account_trades(symbol=SYMBOL)
    income = client.get_income_history(symbol=SYMBOL)

    assert filled["status"] == "FILLED"
    assert Decimal(position[0]["positionAmt"]) >= Decimal("30")
    assert Decimal(balances["USDT"]["balance"]) < Decimal("10000")
    assert SYMBOL in {row["symbol"] for row in account["positions"]}
    assert filled["orderId"] in {trade["orderId"] for trade in trades}
    assert "COMMISSION" in {row["incomeType"] for row in income}


def test_the_connectors_socket_receives_klines_tickers_and_book_tickers(
    stream: Callable[[str], tuple[UMFuturesWebsocketClient, Inbox]],
) -> None:
    market, market_inbox = stream("market")
    public, public_inbox = stream("public")
    market.kline(symbol=SYMBOL, interval="1m", id=1)
    market.ticker(symbol=SYMBOL, id=2)
    public.book_ticker(symbol=SYMBOL, id=3)

    market_inbox.wait(lambda frames: {"kline", "24hrTicker"} <= {frame.get("e") for frame in frames})
    public_inbox.wait(lambda frames: any(frame.get("e") == "bookTicker" for frame in frames))

    assert {"result": None, "id": 1} in market_inbox.frames
    assert all(frame.get("s", SYMBOL) == SYMBOL for frame in market_inbox.frames + public_inbox.frames)


def test_the_connectors_private_socket_receives_the_updates_of_its_own_fill(
    client: UMFutures, stream: Callable[[str], tuple[UMFuturesWebsocketClient, Inbox]]
) -> None:
    socket, inbox = stream("private")
    socket.user_data(listen_key=client.new_listen_key()["listenKey"], id=1)
    inbox.wait(lambda frames: {"result": None, "id": 1} in frames)

    placed = client.new_order(symbol=SYMBOL, side="SELL", type="MARKET", quantity="10")
    inbox.wait(lambda frames: any(f.get("e") == "ORDER_TRADE_UPDATE" and f["o"]["X"] == "FILLED" for f in frames))

    assert placed["orderId"] in {frame["o"]["i"] for frame in inbox.frames if frame.get("e") == "ORDER_TRADE_UPDATE"}
    assert any(frame.get("e") == "ACCOUNT_UPDATE" and frame["a"]["m"] == "ORDER" for frame in inbox.frames)


def test_no_request_of_the_connector_went_unserved(sim_url: str) -> None:
    assert_all_served(sim_url)
