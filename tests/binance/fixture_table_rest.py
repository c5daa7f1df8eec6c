"""Expected translation of every REST and error-body fixture the bot consumes."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import astuple, dataclass
from decimal import Decimal as D
from typing import Any

from adapters.binance.translate import (
    HedgeModePosition,
    algo_order_from_rest,
    algo_orders_from_rest,
    balances_from_account,
    balances_from_rest,
    can_trade_from_rest,
    check_acknowledged,
    commission_rates_from_rest,
    exchange_rejected,
    incomes_from_rest,
    is_hedge_mode,
    isolated_from_symbol_config,
    key_permissions_from_rest,
    klines_from_rest,
    leverage_from_rest,
    leverage_from_symbol_config,
    listen_key_from_rest,
    mark_price_from_rest,
    order_from_rest,
    orders_from_rest,
    position_from_rest,
    server_time_from_rest,
    symbol_rules_from_rest,
    trades_from_rest,
)
from domain.reports import KeyPermissions, SymbolRules
from domain.times import format_utc
from tests.binance.support import TAKEN_AT, error_of, fixture_text, summary, utc

TAKEN = format_utc(TAKEN_AT)
TRAILING_1917641 = [
    ("OrderUpdated", "order:1917641", "NEW", "0", "0", "TRAILING_STOP_MARKET", "2020-01-17T15:59:16.075000Z")
]


@dataclass(frozen=True)
class Case:
    run: Callable[[Any], Any]
    expected: Any


def data(name: str) -> Any:
    return json.loads(fixture_text(name))


def rows(reports: list[Any]) -> list[tuple[Any, ...]]:
    """Reports as tuples, with datetimes as ISO text."""
    return [tuple(format_utc(v) if hasattr(v, "tzinfo") else v for v in astuple(report)) for report in reports]


def error(kind: type[Exception], call: Callable[[Any], Any]) -> Callable[[Any], str]:
    return lambda payload: error_of(lambda: call(payload), kind)


def rejected(payload: Any) -> tuple[int, str]:
    rejection = exchange_rejected(payload)
    return rejection.code, rejection.message


def described(facts: Any) -> Any:
    return facts and (*summary(facts), str(facts.avg_price), facts.order_type.value, format_utc(facts.updated_at))


def order(symbol: str) -> Callable[[Any], Any]:
    return lambda payload: described(order_from_rest(payload, symbol))


def algo(symbol: str) -> Callable[[Any], Any]:
    return lambda payload: described(algo_order_from_rest(payload, symbol))


def listing(translate: Callable[[Any, str], Any], symbol: str) -> Callable[[Any], Any]:
    def run(payload: Any) -> Any:
        result = translate(payload, symbol)
        return [described(facts) for facts in result.orders], result.unsupported

    return run


def balances(account: bool) -> Callable[[Any], Any]:
    return lambda payload: rows((balances_from_account if account else balances_from_rest)(payload, TAKEN_AT))


def position(symbol: str) -> Callable[[Any], Any]:
    return lambda payload: rows([position_from_rest(payload, symbol, TAKEN_AT)])[0]


def acknowledged(payload: Any) -> None:
    return check_acknowledged(payload, "acknowledgement")


ERRORS = {
    "error_-1021_timestamp_outside_recvwindow.json": (
        -1021,
        "Timestamp for this request is outside of the recvWindow.",
    ),
    "error_-1106_reduceonly_not_required_reconstructed.json": (-1106, "Parameter 'reduceOnly' sent when not required."),
    "error_-1111_precision.json": (-1111, "Precision is over the maximum defined for this asset."),
    "error_-2011_unknown_order_sent_reconstructed.json": (-2011, "Unknown order sent."),
    "error_-2013_order_does_not_exist.json": (-2013, "Order does not exist."),
    "error_-2019_margin_insufficient.json": (-2019, "Margin is insufficient."),
    "error_-4046_no_need_to_change_margin_type_reconstructed.json": (-4046, "No need to change margin type."),
    "error_-4061_position_side_mismatch.json": (-4061, "Order's position side does not match user's setting."),
    "error_-4116_duplicate_client_order_id.json": (-4116, "ClientOrderId is duplicated."),
    "error_-4120_conditional_order_requires_algo_api.json": (
        -4120,
        "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.",
    ),
    "error_-4164_min_notional_reconstructed.json": (
        -4164,
        "Order's notional must be no smaller than 100 (unless you choose reduce only).",
    ),
}

REST_CASES: dict[str, Case] = {
    **{name: Case(rejected, expected) for name, expected in ERRORS.items()},
    "rest_account_v2_2023.json": Case(
        balances(account=True),
        [("USDT", D("31.022612"), D("31.022612"), D("31.022612"), "2023-11-29T15:00:42.059000Z")],
    ),
    "rest_account_v2_nautilus.json": Case(
        balances(account=True),
        [("USDT", D("23.72469206"), D("23.72469206"), D("23.72469206"), "2021-07-05T08:38:24.765000Z")],
    ),
    "rest_account_v2_wldusdt_2024_reconstructed.json": Case(
        balances(account=True),
        [("USDT", D("72.72317863"), D("72.72317863"), D("11.39916777"), "2024-07-26T12:06:45.338000Z")],
    ),
    "rest_account_v3_2024.json": Case(
        lambda payload: [(row[0], row[1], row[4]) for row in balances(account=True)(payload)],
        [
            ("FDUSD", D("0"), TAKEN),
            ("BTC", D("0"), TAKEN),
            ("BNB", D("0"), "2024-07-27T15:51:54.499000Z"),
            ("ETH", D("0"), TAKEN),
            ("USDT", D("3.72964781"), "2024-07-28T10:06:06.529000Z"),
            ("USDC", D("22"), "2024-07-26T11:04:15.073000Z"),
        ],
    ),
    "rest_account_v3_docs_example.json": Case(
        balances(account=True),
        [("USDT", D("23.72469206"), D("23.72469206"), D("23.72469206"), "2021-07-05T08:38:24.765000Z")],
    ),
    "rest_algo_order_cancel_docs_example.json": Case(acknowledged, None),
    "rest_algo_order_new_docs_example.json": Case(
        algo("BNBUSDT"),
        ("OrderUpdated", "algo:2146760", "NEW", "0", "0", "TAKE_PROFIT", "2025-06-21T05:58:12.076000Z"),
    ),
    "rest_all_orders_docs_example.json": Case(listing(orders_from_rest, "BTCUSDT"), (TRAILING_1917641, ())),
    "rest_balance_v2_docs_example.json": Case(
        balances(account=False),
        [("USDT", D("122607.35137903"), D("23.72469206"), D("23.72469206"), "2021-04-09T03:31:50.373000Z")],
    ),
    "rest_balance_v3_docs_example.json": Case(
        balances(account=False),
        [("USDT", D("122607.35137903"), D("23.72469206"), D("23.72469206"), "2021-04-09T03:31:50.373000Z")],
    ),
    "rest_cancel_all_open_orders.json": Case(acknowledged, None),
    "rest_commission_rate_btcusdt_nautilus.json": Case(
        lambda payload: commission_rates_from_rest(payload, "BTCUSDT"),
        (D("0.0002"), D("0.0005")),
    ),
    "rest_commission_rate_docs_example.json": Case(
        lambda payload: commission_rates_from_rest(payload, "BTCUSDT"),
        (D("0.0002"), D("0.0004")),
    ),
    "rest_exchange_info_btcusdt_ethusdt_2022.json": Case(
        lambda payload: symbol_rules_from_rest(payload, "BTCUSDT"),
        SymbolRules("BTCUSDT", D("0.10"), D("0.001"), D("0.001"), D("1000"), D("10"), D("0.001")),
    ),
    "rest_income_funding_fee_papi_2024.json": Case(
        lambda payload: rows(incomes_from_rest(payload, "BTCUSDT")),
        [("FUNDING_FEE", "USDT", D("-0.04618913"), "2024-02-09T08:00:00.000000Z", 8082457372019390060, None)],
    ),
    "rest_income_transfer_docs_example.json": Case(
        lambda payload: rows(incomes_from_rest(payload, "BTCUSDT")),
        [("TRANSFER", "USDT", D("-0.375"), "2019-10-09T08:00:00.000000Z", 9689322392, None)],
    ),
    "rest_klines_btcusdt_1m_2024.json": Case(
        lambda payload: [
            (format_utc(k.open_time), k.open, k.close, k.volume, k.closed)
            for k in klines_from_rest(payload, utc("2024-04-10T08:43:30Z"))
        ],
        [
            ("2024-04-10T08:41:00.000000Z", D("71481.9"), D("71481.9"), D("0.002"), True),
            ("2024-04-10T08:42:00.000000Z", D("71471"), D("70459.4"), D("0.12"), True),
            ("2024-04-10T08:43:00.000000Z", D("71470.7"), D("70459.4"), D("1.542"), False),
        ],
    ),
    "rest_leverage_change.json": Case(lambda payload: leverage_from_rest(payload, "BTCUSDT"), 21),
    "rest_listen_key_post.json": Case(
        listen_key_from_rest,
        "pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1",
    ),
    "rest_listen_key_put.json": Case(
        listen_key_from_rest,
        "3HBntNTepshgEdjIwSUIBgB9keLyOCg5qv3n6bYAtktG8ejcaW5HXz9Vx1JgIieg",
    ),
    "rest_margin_type_change.json": Case(acknowledged, None),
    "rest_open_algo_orders_docs_example.json": Case(
        listing(algo_orders_from_rest, "BNBUSDT"),
        ([("OrderUpdated", "algo:2148627", "NEW", "0", "0", "TAKE_PROFIT", "2025-06-21T14:09:01.540000Z")], ()),
    ),
    "rest_open_order_query_ltcusdt_gtx_2024.json": Case(
        order("LTCUSDT"),
        ("OrderUpdated", "order:664082074", "NEW", "0", "0", "LIMIT", "2024-02-14T10:42:03.991000Z"),
    ),
    "rest_open_orders_docs_example.json": Case(listing(orders_from_rest, "BTCUSDT"), (TRAILING_1917641, ())),
    "rest_order_cancel_docs_example.json": Case(
        order("BTCUSDT"),
        (
            "OrderUpdated",
            "order:283194212",
            "CANCELED",
            "0",
            "0",
            "TRAILING_STOP_MARKET",
            "2019-10-15T03:34:44.038000Z",
        ),
    ),
    "rest_order_new_docs_example.json": Case(
        order("BTCUSDT"),
        ("OrderUpdated", "order:22542179", "NEW", "0", "0", "LIMIT", "2019-08-26T11:25:24.722000Z"),
    ),
    "rest_order_new_market_ack_achusdt_2024.json": Case(
        order("ACHUSDT"),
        ("OrderUpdated", "order:944500711", "NEW", "0", "0", "MARKET", "2024-01-03T19:47:19.766000Z"),
    ),
    "rest_order_new_market_ack_suiusdc_2025.json": Case(
        order("SUIUSDC"),
        ("OrderUpdated", "order:4052525244", "NEW", "0", "0", "MARKET", "2025-07-04T11:13:07.841000Z"),
    ),
    "rest_order_new_market_result_filled_ethusdt_2025.json": Case(
        order("ETHUSDT"),
        (
            "OrderUpdated",
            "order:8389766058155948588",
            "FILLED",
            "0.007",
            "3057.89",
            "MARKET",
            "2025-12-22T14:13:45.838000Z",
        ),
    ),
    "rest_order_query_docs_example.json": Case(
        order("BTCUSDT"),
        ("OrderUpdated", "order:1573346959", "NEW", "0", "0", "TRAILING_STOP_MARKET", "2020-01-17T15:59:16.075000Z"),
    ),
    "rest_ping.json": Case(acknowledged, None),
    "rest_position_risk_v2_hedge_docs_example.json": Case(
        error(HedgeModePosition, lambda payload: position_from_rest(payload, "BTCUSDT", TAKEN_AT)),
        "positionRisk: BTCUSDT has hedge-mode positions (LONG 20, SHORT -10); the bot trades one-way",
    ),
    "rest_position_risk_v2_one_way_docs_example.json": Case(
        position("BTCUSDT"),
        (D("0"), D("0"), D("6679.50671178"), D("0"), 10, TAKEN, False),
    ),
    "rest_position_risk_v2_one_way_docs_example_2025.json": Case(
        position("BTCUSDT"),
        (D("0"), D("0"), D("6679.50671178"), D("0"), 10, "2021-07-05T08:38:24.765000Z", False),
    ),
    "rest_position_risk_v3_btcusdt_2024.json": Case(
        position("BTCUSDT"),
        (D("0.009"), D("67445.9"), D("67502.68519858"), D("0.51106678"), None, "2024-07-28T10:06:06.529000Z", False),
    ),
    "rest_position_risk_v3_docs_example.json": Case(
        position("ADAUSDT"),
        (D("30"), D("0.385"), D("0.4104759"), D("0.764277"), None, "2024-07-11T22:20:17.660000Z", False),
    ),
    "rest_position_side_dual.json": Case(is_hedge_mode, True),
    "rest_api_restrictions_docs_example.json": Case(
        key_permissions_from_rest, KeyPermissions(reading=True, futures=False, withdrawals=False, ip_restricted=False)
    ),
    "rest_account_config_docs_example.json": Case(can_trade_from_rest, True),
    "rest_premium_index_btcusdt_docs_example.json": Case(
        lambda payload: rows([mark_price_from_rest(payload, "BTCUSDT")])[0],
        (D("11793.63104562"), "2020-08-14T08:00:00.000000Z", "2020-08-14T02:01:35.002000Z"),
    ),
    "rest_symbol_config_btcusdt_2024.json": Case(
        lambda payload: (
            leverage_from_symbol_config(payload, "BTCUSDT"),
            isolated_from_symbol_config(payload, "BTCUSDT"),
        ),
        (20, False),
    ),
    "rest_time.json": Case(lambda payload: format_utc(server_time_from_rest(payload)), "2017-07-12T02:41:59.559000Z"),
    "rest_user_trades_btcusdt_taker_2023.json": Case(
        lambda payload: rows(trades_from_rest(payload, "BTCUSDT")),
        [
            (
                272536245,
                3524852987,
                None,
                "BUY",
                D("36567.1"),
                D("0.01"),
                D("0"),
                D("0.1462684"),
                "USDT",
                False,
                "2023-11-14T14:40:36.419000Z",
            ),
        ],
    ),
    "rest_user_trades_docs_example.json": Case(
        lambda payload: rows(trades_from_rest(payload, "BTCUSDT")),
        [
            (
                698759,
                25851813,
                None,
                "SELL",
                D("7819.01"),
                D("0.002"),
                D("-0.91539999"),
                D("0.0781901"),
                "USDT",
                False,
                "2019-09-26T16:22:58.020000Z",
            ),
        ],
    ),
    "rest_user_trades_ethusdt.json": Case(
        lambda payload: [(r[0], r[3], r[4], r[6], r[7]) for r in rows(trades_from_rest(payload, "ETHUSDT"))],
        [
            (82357626, "SELL", D("2778.35"), D("0"), D("0.0055567")),
            (82357629, "BUY", D("2779"), D("-0.00325"), D("0.005558")),
        ],
    ),
}

REST_EXCLUDED: dict[str, str] = {
    "http_headers_exchange_info_2020.json": "HTTP headers: read by the REST client's rate governor, not translated",
    "rest_batch_orders_modify_btcusdt_2025.json": "batchOrders: the bot sends one order at a time",
    "rest_batch_orders_new_limit_btcusdt_2025.json": "batchOrders: the bot sends one order at a time",
    "rest_depth_btcusdt_limit5_2024.json": "depth: the bot does not read the order book",
    "rest_depth_docs_example.json": "depth: the bot does not read the order book",
    "rest_book_ticker_docs_example.json": "bookTicker: the bot prices from klines and the mark, not the book",
    "rest_ticker_price_v2_docs_example.json": "ticker/price: the bot prices from klines and the mark",
    "rest_multi_assets_margin_docs_example.json": "multiAssetsMargin: the bot never reads the asset mode",
    "rest_funding_rate_history_docs_example.json": "fundingRate history: funding facts come from /fapi/v1/income",
    "rest_leverage_bracket_docs_example.json": "leverageBracket: the bot reads maxNotionalValue from POST leverage",
    "rest_position_margin_history_xrpusdt_2024.json": "positionMargin/history: the bot never adjusts isolated margin",
    "rest_rate_limit_order_docs_example.json": "rateLimit/order: limits come from exchangeInfo and X-MBX headers",
}
