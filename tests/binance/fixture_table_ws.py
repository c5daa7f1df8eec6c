"""Expected translation of every user-data and market-stream fixture the bot consumes (summaries, see support.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from adapters.binance.translate import (
    kline_from_stream,
    mark_price_from_stream,
    translate_order_object,
    translate_user_message,
)
from domain.times import format_utc
from tests.binance.support import fixture_text, frames, summary


@dataclass(frozen=True)
class Case:
    run: Callable[[str], Any]
    expected: Any


def stream(symbol: str) -> Callable[[str], list[tuple[Any, ...]]]:
    """Translate every frame of the fixture for `symbol` and summarise the items."""

    def run(name: str) -> list[tuple[Any, ...]]:
        return [summary(item) for text in frames(name) for item in translate_user_message(text, symbol)]

    return run


def _order_object(name: str) -> list[tuple[Any, ...]]:
    items = translate_order_object(json.loads(fixture_text(name)), "XRPUSDT")
    return [summary(item) for item in items]


def _kline(name: str) -> Any:
    kline = kline_from_stream(json.loads(fixture_text(name)), "BTCUSDT")
    return kline and (format_utc(kline.open_time), str(kline.open), str(kline.close), str(kline.volume), kline.closed)


def _mark(name: str) -> Any:
    mark = mark_price_from_stream(json.loads(fixture_text(name)), "BTCUSDT")
    return mark and (format_utc(mark[0]), mark[1])


ETH_FILL = [
    ("OrderUpdated", "order:58846581664", "FILLED", "0.02"),
    ("TradeExecuted", 702423109, "0.02", "2317.3", "0"),
    ("FeeCharged", 702423109, "USDC", "0"),
]
TRX_ENTRY_FILL = [
    ("OrderUpdated", "order:4014170256", "FILLED", "150"),
    ("TradeExecuted", 133743970, "150", "0.07574", "0"),
    ("FeeCharged", 133743970, "USDT", "0.00454439"),
]
TRX_CLOSING_FILL = [
    ("OrderUpdated", "order:4014170259", "FILLED", "150"),
    ("TradeExecuted", 133744542, "150", "0.076", "-0.039"),
    ("FeeCharged", 133744542, "USDT", "0.00456"),
]
TRX_SHORT_OPEN = [
    ("BalanceChanged", "USDT", "316.19421294", "304.83274584", "ORDER"),
    ("PositionChanged", "-150", "0.07574", "ORDER"),
]
TRX_CLOSED = [
    ("BalanceChanged", "USDT", "316.15065294", "316.15065294", "ORDER"),
    ("PositionChanged", "0", "0", "ORDER"),
]
ETH_POSITION = [
    ("BalanceChanged", "USDC", "37.87866827", "37.87866827", "ORDER"),
    ("PositionChanged", "0.02", "2317.3", "ORDER"),
]
DOGE_ALGO = "algo:1000000033225453"

WS_CASES: dict[str, Case] = {
    "ws_account_config_update_leverage_docs_example.json": Case(
        stream("BTCUSDT"),
        [("LeverageChanged", 25, "2021-01-26T07:38:57.476000Z")],
    ),
    "ws_account_config_update_multi_assets_docs_example.json": Case(stream("BTCUSDT"), []),
    "ws_account_update_deposit_2026.json": Case(
        stream("ETHUSDC"),
        [
            ("BalanceChanged", "USDC", "48.84650063", "48.84650063", "DEPOSIT"),
            ("TransferMade", "USDC", "10", "2026-04-21T14:01:56.337000Z"),
        ],
    ),
    "ws_account_update_funding_fee_cross_2026.json": Case(
        stream("ETHUSDC"),
        [("BalanceChanged", "USDC", "38.17806885", "38.17806885", "FUNDING_FEE")],
    ),
    "ws_account_update_hedge_docs_example.json": Case(
        stream("BTCUSDT"),
        [
            ("BalanceChanged", "USDT", "122624.12345678", "100.12345678", "ORDER"),
            ("PositionChanged", "0", "0", "ORDER"),
        ],
    ),
    "ws_account_update_isolated_position_closed_2021.json": Case(stream("TRXUSDT"), TRX_CLOSED),
    "ws_account_update_isolated_short_open_2021.json": Case(stream("TRXUSDT"), TRX_SHORT_OPEN),
    "ws_account_update_order_fill_cross_2026.json": Case(stream("ETHUSDC"), ETH_POSITION),
    "ws_account_update_withdraw_2026.json": Case(
        stream("ETHUSDC"),
        [
            ("BalanceChanged", "USDC", "38.84650063", "38.84650063", "WITHDRAW"),
            ("TransferMade", "USDC", "-10", "2026-04-21T14:02:14.433000Z"),
        ],
    ),
    "ws_algo_update_finished_filled.json": Case(stream("DOGEUSDT"), [("OrderUpdated", DOGE_ALGO, "FINISHED", "38")]),
    "ws_algo_update_finished_not_filled.json": Case(
        stream("DOGEUSDT"),
        [("OrderUpdated", "algo:1000000033225454", "FINISHED", "0")],
    ),
    "ws_algo_update_new_docs_example.json": Case(stream("BNBUSDT"), [("OrderPlaced", "algo:2148719", "NEW", "0")]),
    "ws_algo_update_triggered.json": Case(stream("DOGEUSDT"), [("OrderUpdated", DOGE_ALGO, "TRIGGERED", "0")]),
    "ws_algo_update_triggering.json": Case(stream("DOGEUSDT"), [("OrderUpdated", DOGE_ALGO, "TRIGGERING", "0")]),
    "ws_kline_1m_docs_example.json": Case(_kline, ("2021-12-05T23:41:00.000000Z", "0.001", "0.002", "1000", False)),
    "ws_listen_key_expired_2023.json": Case(
        stream("XRPUSDT"),
        [("StreamStatus", "key_expired", "2023-08-30T20:28:39.838000Z")],
    ),
    "ws_margin_call_docs_example.json": Case(
        stream("ETHUSDT"),
        [("MarginCalled", "ETHUSDT", "1.327", "1.614445", "2020-04-24T11:19:47.525000Z")],
    ),
    "ws_mark_price_update_docs_example.json": Case(
        _mark,
        ("2019-07-05T05:43:00.000000Z", Decimal("11794.15")),
    ),
    "ws_order_trade_update_amendment_2026.json": Case(
        stream("ETHUSDC"),
        [("OrderUpdated", "order:58846581664", "NEW", "0")],
    ),
    "ws_order_trade_update_canceled_2026.json": Case(
        stream("ETHUSDC"),
        [("OrderUpdated", "order:58846421973", "CANCELED", "0")],
    ),
    "ws_order_trade_update_closing_fill_realized_pnl_2021.json": Case(stream("TRXUSDT"), TRX_CLOSING_FILL),
    "ws_order_trade_update_expired_ioc_2024.json": Case(
        stream("ACEUSDT"),
        [("OrderUpdated", "order:374805065", "EXPIRED", "0")],
    ),
    "ws_order_trade_update_filled_limit_maker_2026.json": Case(stream("ETHUSDC"), ETH_FILL),
    "ws_order_trade_update_liquidation_calculated_synthetic.json": Case(
        stream("BTCUSDT"),
        [
            ("OrderUpdated", "order:8886999", "FILLED", "0.014"),
            ("TradeExecuted", 12345999, "0.014", "9910.12", "-5.67"),
            ("FeeCharged", 12345999, "USDT", "0.06937084"),
        ],
    ),
    "ws_order_trade_update_market_filled_taker_2021.json": Case(stream("TRXUSDT"), TRX_ENTRY_FILL),
    "ws_order_trade_update_market_new_2021.json": Case(
        stream("TRXUSDT"),
        [("OrderPlaced", "order:4014170256", "NEW", "0")],
    ),
    "ws_order_trade_update_new_limit_2026.json": Case(
        stream("ETHUSDC"),
        [("OrderPlaced", "order:58846010837", "NEW", "0")],
    ),
    "ws_order_trade_update_o_only_xrpusdt_filled_maker_testnet_2023.json": Case(
        _order_object,
        [
            ("OrderUpdated", "order:246411433", "FILLED", "20"),
            ("TradeExecuted", 19334107, "20", "0.5332", "0.24773076"),
            ("FeeCharged", 19334107, "USDT", "0.00213279"),
        ],
    ),
    "ws_order_trade_update_partial_fill_market_2024.json": Case(
        stream("SEIUSDT"),
        [
            ("OrderUpdated", "order:3026735151", "PARTIALLY_FILLED", "392"),
            ("TradeExecuted", 148318954, "11", "0.8983", "0"),
            ("FeeCharged", 148318954, "USDT", "0.00494065"),
        ],
    ),
    "ws_order_trade_update_trailing_new_docs_example.json": Case(
        stream("BTCUSDT"),
        [("OrderPlaced", "order:8886774", "NEW", "0")],
    ),
    "ws_sequence_legacy_stop_market_trigger_2021.json": Case(
        stream("TRXUSDT"),
        [
            ("OrderUpdated", "order:4014170259", "EXPIRED", "0"),
            ("OrderPlaced", "order:4014170259", "NEW", "0"),
            *TRX_CLOSED,
            *TRX_CLOSING_FILL,
            ("OrderUpdated", "order:4014170258", "EXPIRED", "0"),
        ],
    ),
    "ws_sequence_limit_fill_2026.json": Case(
        stream("ETHUSDC"),
        [*ETH_POSITION, *ETH_FILL],
    ),
    "ws_sequence_market_entry_with_tp_sl_2021.json": Case(
        stream("TRXUSDT"),
        [
            ("OrderPlaced", "order:4014170256", "NEW", "0"),
            *TRX_SHORT_OPEN,
            *TRX_ENTRY_FILL,
            ("OrderPlaced", "order:4014170258", "NEW", "0"),
            ("OrderPlaced", "order:4014170259", "NEW", "0"),
        ],
    ),
    # Validated, then ignored: ORDER_TRADE_UPDATE repeats the fill with its fee and PnL (ADR 0054)
    "ws_trade_lite_ethusdt_nautilus.json": Case(stream("ETHUSDT"), []),
    "ws_trade_lite_limit_fill_2026.json": Case(stream("ETHUSDC"), []),
}

WS_EXCLUDED: dict[str, str] = {
    "ws_agg_trade_docs_example.json": "aggTrade: the bot reads klines and mark price, not the trade tape",
    "ws_book_ticker_docs_example.json": "bookTicker: the bot does not read the order book",
    "ws_depth_update_docs_example.json": "depthUpdate: the bot does not read the order book",
    "wsapi_order_place_response_docs_example.json": "WS-API order.place reply: the bot trades over REST, not WS-API",
    "wsapi_user_data_stream_start_response_docs_example.json": "WS-API userDataStream.start: listenKeys come from REST",
}
