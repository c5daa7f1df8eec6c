"""Event Merge (PRD §4.1): the facts built from WS and from REST for the same fill, order or funding share dedup keys.

The WS side is the real 2026 ETHUSDC maker fill; the REST side is a userTrades row, an order query and an income
row with the same ids, in REST's own formats ("0.020" where the stream says "0.02"), run through the domain's
reconciler exactly as the bot will.
"""

from __future__ import annotations

import json
from typing import Any

from adapters.binance.translate import (
    algo_orders_from_rest,
    incomes_from_rest,
    order_from_rest,
    trades_from_rest,
    translate_user_message,
)
from domain.client_order_ids import client_order_id_for
from domain.events import EventPayload, FeeCharged, FundingApplied, OrderPlaced, OrderUpdated, TradeExecuted, new_event
from domain.projections.state import ProjectionState
from domain.reconciliation import reconcile
from domain.reports import ExchangeSnapshot, PositionReport
from domain.values import ZERO, Mode, Scope, Source
from tests.binance.support import TAKEN_AT, fixture_text, frames

SYMBOL = "ETHUSDC"
SCOPE = Scope(exchange="binance", venue="usdm", account_id="main", symbol=SYMBOL, mode=Mode.TESTNET)
OURS = client_order_id_for("command-9")
LIVE_CLIENT_ID = "web_coin_px06wttcjgaebeca9w5ijo3"

REST_TRADE = {
    "symbol": SYMBOL,
    "id": 702423109,
    "orderId": 58846581664,
    "side": "BUY",
    "price": "2317.30",
    "qty": "0.020",
    "realizedPnl": "0",
    "marginAsset": "USDC",
    "quoteQty": "46.34600",
    "commission": "0",
    "commissionAsset": "USDC",
    "time": 1776789210247,
    "positionSide": "BOTH",
    "buyer": True,
    "maker": True,
}
REST_ORDER = {
    "orderId": 58846581664,
    "symbol": SYMBOL,
    "status": "FILLED",
    "clientOrderId": OURS,
    "price": "2317.30",
    "avgPrice": "2317.30",
    "origQty": "0.020",
    "executedQty": "0.020",
    "cumQuote": "46.34600",
    "timeInForce": "GTC",
    "type": "LIMIT",
    "reduceOnly": False,
    "closePosition": False,
    "side": "BUY",
    "positionSide": "BOTH",
    "stopPrice": "0.00",
    "time": 1776789150137,
    "updateTime": 1776789210247,
}


def ws_items() -> list[Any]:
    """The live fill sequence, as if the bot had placed the order (our client id)."""
    texts = [text.replace(LIVE_CLIENT_ID, OURS) for text in frames("ws_sequence_limit_fill_2026.json")]
    return [item for text in texts for item in translate_user_message(text, SYMBOL)]


def rest_facts(**snapshot: Any) -> list[EventPayload]:
    position = PositionReport(ZERO, ZERO, ZERO, ZERO, None, TAKEN_AT)
    defaults: dict[str, Any] = {"taken_at": TAKEN_AT, "trades": (), "orders": (), "position": position, "balances": ()}
    return reconcile(ExchangeSnapshot(**{**defaults, **snapshot}), ProjectionState(), SYMBOL)


def dedup_key(payload: EventPayload, source: Source) -> str:
    return new_event(payload, event_id="e-1", ts=TAKEN_AT, scope=SCOPE, source=source).dedup_key


def only(kind: type, items: list[Any]) -> Any:
    [item] = [item for item in items if isinstance(item, kind)]
    return item


def test_the_fill_and_fee_from_rest_equal_those_from_the_stream_key_and_all() -> None:
    order = order_from_rest(REST_ORDER, SYMBOL)
    trades = tuple(trades_from_rest([REST_TRADE], SYMBOL))

    from_rest = rest_facts(trades=trades, orders=(order,))

    for kind in (TradeExecuted, FeeCharged):
        ws, rest = only(kind, ws_items()), only(kind, from_rest)
        assert rest == ws
        assert dedup_key(rest, Source.REST) == dedup_key(ws, Source.WS) == f"{SYMBOL}:{ws.natural_key()}"


def test_the_fill_key_matches_even_when_rest_cannot_recover_the_client_order_id() -> None:
    from_rest = rest_facts(trades=tuple(trades_from_rest([REST_TRADE], SYMBOL)))

    rest, ws = only(TradeExecuted, from_rest), only(TradeExecuted, ws_items())
    assert rest.client_order_id is None
    assert dedup_key(rest, Source.REST) == dedup_key(ws, Source.WS)


def test_the_final_order_state_from_rest_and_from_the_stream_share_one_key_despite_different_decimal_formats() -> None:
    ws = only(OrderUpdated, ws_items())
    rest = order_from_rest(REST_ORDER, SYMBOL)

    assert REST_ORDER["executedQty"] == "0.020"
    assert '"z": "0.02"' in fixture_text("ws_order_trade_update_filled_limit_maker_2026.json")
    assert rest.natural_key() == ws.natural_key() == "order.updated:order:58846581664:FILLED:0.02"


def test_the_trade_lite_hint_never_claims_the_fills_key() -> None:
    lite = translate_user_message(fixture_text("ws_trade_lite_limit_fill_2026.json"), SYMBOL)

    assert not any(isinstance(item, EventPayload) for item in lite)


def test_funding_comes_only_from_rest_income_keyed_by_asset_and_exact_funding_time() -> None:
    ws = translate_user_message(fixture_text("ws_account_update_funding_fee_cross_2026.json"), SYMBOL)
    incomes = tuple(incomes_from_rest(json.loads(fixture_text("rest_income_funding_fee_papi_2024.json")), "BTCUSDT"))

    funding = only(FundingApplied, rest_facts(incomes=incomes))

    assert not any(isinstance(item, FundingApplied) for item in ws)
    assert funding.natural_key() == "funding:USDT:1707465600000"
    assert funding.tran_id == 8082457372019390060


def test_an_open_algo_order_from_rest_is_placed_under_the_key_the_stream_uses() -> None:
    ws_frame = json.loads(fixture_text("ws_algo_update_new_docs_example.json"))
    ws_frame["o"].update({"o": "STOP_MARKET", "caid": OURS, "s": SYMBOL})
    rest_row = {
        **json.loads(fixture_text("rest_open_algo_orders_docs_example.json"))[0],
        "algoId": 2148719,
        "clientAlgoId": OURS,
        "orderType": "STOP_MARKET",
        "symbol": SYMBOL,
    }

    ws = only(OrderPlaced, translate_user_message(json.dumps(ws_frame), SYMBOL))
    rest = only(OrderPlaced, rest_facts(orders=algo_orders_from_rest([rest_row], SYMBOL).orders))

    assert dedup_key(rest, Source.REST) == dedup_key(ws, Source.WS) == f"{SYMBOL}:order.placed:algo:2148719"
