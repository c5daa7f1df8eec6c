"""Binance's official modular SDK (`binance-sdk-derivatives-trading-usds-futures`), unchanged, trades against
`alphaengine sim` as it would on Binance: REST through `ConfigurationRestAPI(base_path=…)`, market streams and user
data through its own WebSocket layer with `ConfigurationWebSocketStreams(stream_url=…)` (it opens /market/stream,
/public/stream and /private/stream and subscribes there). Nothing is patched; the module ends by checking that no
request of the SDK got the simulator's unknown-path 404."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from binance_common.configuration import ConfigurationRestAPI, ConfigurationWebSocketStreams
from binance_sdk_derivatives_trading_usds_futures.derivatives_trading_usds_futures import (
    DerivativesTradingUsdsFutures,
)
from binance_sdk_derivatives_trading_usds_futures.rest_api.models import (
    ChangeMarginTypeMarginTypeEnum,
    NewOrderNewOrderRespTypeEnum,
    NewOrderReduceOnlyEnum,
    NewOrderSideEnum,
    NewOrderTimeInForceEnum,
    NewOrderTypeEnum,
)
from binance_sdk_derivatives_trading_usds_futures.rest_api.rest_api import DerivativesTradingUsdsFuturesRestAPI
from binance_sdk_derivatives_trading_usds_futures.websocket_streams.models import (
    KlineCandlestickStreamsIntervalEnum,
    MarkPriceStreamUpdateSpeedEnum,
    OrderTradeUpdate,
)

from tests.simulator.compat.conftest import (
    EVENT_TIMEOUT_SECONDS,
    KEY,
    SECRET,
    SYMBOL,
    assert_all_served,
    until_seen,
    ws_url,
)


@pytest.fixture(scope="module")
def rest(sim_url: str) -> DerivativesTradingUsdsFuturesRestAPI:
    config = ConfigurationRestAPI(api_key=KEY, api_secret=SECRET, base_path=sim_url)
    return DerivativesTradingUsdsFutures(config_rest_api=config).rest_api


def below_market(rest: DerivativesTradingUsdsFuturesRestAPI) -> float:
    bid = Decimal(rest.order_book(symbol=SYMBOL, limit=5).data().bids[0][0])
    return float((bid * Decimal("0.9")).quantize(Decimal("0.0001")))


def test_the_sdk_reads_the_server_time_and_the_symbol_rules(rest: DerivativesTradingUsdsFuturesRestAPI) -> None:
    assert rest.check_server_time().data().server_time > 1_700_000_000_000
    symbols = {row.symbol: row for row in rest.exchange_information().data().symbols}
    filters = {row.filter_type: row for row in symbols[SYMBOL].filters}
    assert filters["PRICE_FILTER"].tick_size == "0.0001"


def test_the_sdk_sets_the_leverage_and_reads_the_brackets(rest: DerivativesTradingUsdsFuturesRestAPI) -> None:
    changed = rest.change_initial_leverage(symbol=SYMBOL, leverage=6).data()
    brackets = rest.notional_and_leverage_brackets(symbol=SYMBOL).data().actual_instance

    assert changed.leverage == 6
    [row] = brackets
    assert row.symbol == SYMBOL
    assert (row.brackets[0].bracket, row.brackets[0].notional_floor) == (1, 0)


def test_the_sdk_reads_the_depth_and_the_tickers(rest: DerivativesTradingUsdsFuturesRestAPI) -> None:
    depth = rest.order_book(symbol=SYMBOL, limit=5).data()
    price = rest.symbol_price_ticker(symbol=SYMBOL).data().actual_instance
    price_v2 = rest.symbol_price_ticker_v2(symbol=SYMBOL).data().actual_instance
    book = rest.symbol_order_book_ticker(symbol=SYMBOL).data().actual_instance
    day = rest.ticker24hr_price_change_statistics(symbol=SYMBOL).data().actual_instance

    assert 0 < Decimal(depth.bids[0][0]) < Decimal(depth.asks[0][0])
    assert len(depth.bids) == len(depth.asks) == 5
    assert price.symbol == price_v2.symbol == book.symbol == day.symbol == SYMBOL
    assert Decimal(book.bid_price) < Decimal(book.ask_price)
    assert Decimal(day.low_price) <= Decimal(price.price) <= Decimal(day.high_price)


def test_the_sdk_places_queries_and_cancels_a_limit_order(rest: DerivativesTradingUsdsFuturesRestAPI) -> None:
    placed = rest.new_order(
        symbol=SYMBOL,
        side=NewOrderSideEnum.BUY,
        type=NewOrderTypeEnum.LIMIT,
        time_in_force=NewOrderTimeInForceEnum.GTC,
        quantity=20,
        price=below_market(rest),
        new_client_order_id="sdkLimit1",
    ).data()
    queried = rest.query_order(symbol=SYMBOL, orig_client_order_id="sdkLimit1").data()
    cancelled = rest.cancel_order(symbol=SYMBOL, order_id=placed.order_id).data()

    assert (queried.order_id, queried.status) == (placed.order_id, "NEW")
    assert cancelled.status == "CANCELED"


def test_the_sdk_reads_the_fees_funding_and_account_modes(rest: DerivativesTradingUsdsFuturesRestAPI) -> None:
    fees = rest.user_commission_rate(symbol=SYMBOL).data()
    funding = rest.get_funding_rate_history(symbol=SYMBOL, limit=5).data()
    multi_assets = rest.get_current_multi_assets_mode().data()
    position_mode = rest.get_current_position_mode().data()

    assert 0 < Decimal(fees.maker_commission_rate) < Decimal(fees.taker_commission_rate)
    assert 0 < len(funding) <= 5 and funding[-1].symbol == SYMBOL
    assert (multi_assets.multi_assets_margin, position_mode.dual_side_position) == (False, False)


def test_the_sdk_margins_a_position_in_isolated_mode_and_returns_to_cross(
    rest: DerivativesTradingUsdsFuturesRestAPI,
) -> None:
    rest.change_margin_type(symbol=SYMBOL, margin_type=ChangeMarginTypeMarginTypeEnum.ISOLATED)
    rest.new_order(symbol=SYMBOL, side=NewOrderSideEnum.BUY, type=NewOrderTypeEnum.MARKET, quantity=40)
    added = rest.modify_isolated_position_margin(symbol=SYMBOL, amount=2, type=1).data()
    [position] = rest.position_information_v3(symbol=SYMBOL).data()
    [config] = rest.symbol_configuration(symbol=SYMBOL).data()
    rest.new_order(
        symbol=SYMBOL,
        side=NewOrderSideEnum.SELL,
        type=NewOrderTypeEnum.MARKET,
        quantity=40,
        reduce_only=NewOrderReduceOnlyEnum.TRUE,
    )
    rest.change_margin_type(symbol=SYMBOL, margin_type=ChangeMarginTypeMarginTypeEnum.CROSSED)

    assert (added.code, added.type) == (200, 1)
    assert config.margin_type == "ISOLATED"
    assert Decimal(position.isolated_wallet) > 2
    assert rest.symbol_configuration(symbol=SYMBOL).data()[0].margin_type == "CROSSED"


def test_a_market_order_shows_in_position_balance_account_trades_and_income(
    rest: DerivativesTradingUsdsFuturesRestAPI,
) -> None:
    filled = rest.new_order(
        symbol=SYMBOL,
        side=NewOrderSideEnum.BUY,
        type=NewOrderTypeEnum.MARKET,
        quantity=30,
        new_order_resp_type=NewOrderNewOrderRespTypeEnum.RESULT,
    ).data()
    [position] = rest.position_information_v3(symbol=SYMBOL).data()
    [position_v2] = rest.position_information_v2(symbol=SYMBOL).data()
    balances = {row.asset: row for row in rest.futures_account_balance_v3().data()}
    account = rest.account_information_v3().data()
    account_v2 = rest.account_information_v2().data()
    trades = rest.account_trade_list(symbol=SYMBOL).data()
    income = rest.get_income_history(symbol=SYMBOL).data()

    assert filled.status == "FILLED"
    assert Decimal(position.position_amt) >= 30
    assert position_v2.position_amt == position.position_amt
    assert Decimal(balances["USDT"].balance) < 10_000
    assert SYMBOL in {row.symbol for row in account.positions}
    assert account_v2.total_wallet_balance == account.total_wallet_balance
    assert filled.order_id in {trade.order_id for trade in trades}
    assert "COMMISSION" in {row.income_type for row in income}


class Received:
    """What the SDK hands each stream's callback, and the errors it reports on its connections."""

    def __init__(self) -> None:
        self.by_stream: dict[str, list[Any]] = {}
        self.errors: list[Any] = []
        self.arrived = asyncio.Event()

    def collect(self, stream: str) -> Callable[[Any], None]:
        def on_message(message: Any) -> None:
            self.by_stream.setdefault(stream, []).append(message)
            self.arrived.set()

        return on_message

    def on_error(self, error: Any) -> None:
        self.errors.append(error)

    async def wait(self, wanted: Callable[[dict[str, list[Any]]], bool]) -> None:
        async with asyncio.timeout(EVENT_TIMEOUT_SECONDS):
            while not wanted(self.by_stream):
                assert not self.errors, self.errors
                self.arrived.clear()
                await self.arrived.wait()


def streams_client(sim_url: str) -> DerivativesTradingUsdsFutures:
    config = ConfigurationWebSocketStreams(stream_url=ws_url(sim_url))
    return DerivativesTradingUsdsFutures(config_ws_streams=config)


@pytest.mark.anyio
async def test_the_sdks_streams_deliver_klines_tickers_mark_prices_and_book_tickers(sim_url: str) -> None:
    received = Received()
    connection = await streams_client(sim_url).websocket_streams.create_connection()
    connection.on_connection("error", received.on_error)
    try:
        symbol = SYMBOL.lower()
        kline = await connection.kline_candlestick_streams(
            symbol=symbol, interval=KlineCandlestickStreamsIntervalEnum.INTERVAL_1m
        )
        kline.on("message", received.collect("kline"))
        (await connection.individual_symbol_ticker_streams(symbol=symbol)).on("message", received.collect("ticker"))
        mark = await connection.mark_price_stream(
            symbol=symbol, update_speed=MarkPriceStreamUpdateSpeedEnum.UPDATE_SPEED_1s
        )
        mark.on("message", received.collect("markPrice"))
        book = await connection.individual_symbol_book_ticker_streams(symbol=symbol)
        book.on("message", received.collect("bookTicker"))
        await received.wait(lambda by_stream: len(by_stream) == 4)
    finally:
        await connection.close_connection(close_session=True)

    assert received.by_stream["kline"][0].k.i == "1m"
    assert received.by_stream["ticker"][0].s == SYMBOL
    assert Decimal(received.by_stream["markPrice"][0].p) > 0
    assert Decimal(received.by_stream["bookTicker"][0].b) < Decimal(received.by_stream["bookTicker"][0].a)


@pytest.mark.anyio
async def test_the_sdks_user_data_stream_delivers_the_updates_of_its_own_fill(
    sim_url: str, rest: DerivativesTradingUsdsFuturesRestAPI
) -> None:
    received = Received()
    listen_key = rest.start_user_data_stream().data().listen_key
    connection = await streams_client(sim_url).websocket_streams.create_connection()
    connection.on_connection("error", received.on_error)
    placed: list[int] = []

    async def sell() -> None:
        order = await asyncio.to_thread(
            rest.new_order, symbol=SYMBOL, side=NewOrderSideEnum.SELL, type=NewOrderTypeEnum.MARKET, quantity=10
        )
        placed.append(order.data().order_id)

    try:
        (await connection.user_data(listen_key)).on("message", received.collect("user"))
        await until_seen(received.wait(lambda by_stream: "user" in by_stream), sell)
        await received.wait(lambda by_stream: {"OrderTradeUpdate", "AccountUpdate"} <= event_models(by_stream))
    finally:
        await connection.close_connection(close_session=True)

    events = [event.actual_instance for event in received.by_stream["user"]]
    assert {event.o.i for event in events if isinstance(event, OrderTradeUpdate)} <= set(placed)


def event_models(by_stream: dict[str, list[Any]]) -> set[str]:
    """The SDK's model of each user-data event (an event it cannot parse stays a plain dict)."""
    return {type(event.actual_instance).__name__ for event in by_stream.get("user", [])}


def test_no_request_of_the_sdk_went_unserved(sim_url: str) -> None:
    assert_all_served(sim_url)
