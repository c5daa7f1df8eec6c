"""Every decimal field of the mapped payloads re-formats to exactly the text of the real or documented fixture."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

import pytest

from adapters.simulator.wire.field_formats import FIELD_FORMATS, format_field
from adapters.simulator.wire.numbers import SymbolPrecision
from tests.harness.binance_fixtures import load_fixture

TWO_THREE = SymbolPrecision(price=2, quantity=3)  # BTCUSDT, ETHUSDT, LTCUSDT, ETHUSDC
ACHUSDT = SymbolPrecision(price=7, quantity=0)

Rows = Callable[[Any], list[dict[str, Any]]]


class Case(NamedTuple):
    fixture: str
    payload: str
    rows: Rows
    precision: SymbolPrecision | None = None
    # Fields where this capture disagrees with the newer captures the table follows
    divergent: frozenset[str] = frozenset()


def itself(data: Any) -> list[dict[str, Any]]:
    return [data]


def each(data: Any) -> list[dict[str, Any]]:
    return list(data)


def kline_columns(data: Any) -> list[dict[str, Any]]:
    return [{str(index): value for index, value in enumerate(row)} for row in data]


def depth_levels(data: Any) -> list[dict[str, Any]]:
    return [{"price": price, "qty": qty} for price, qty in [*data["bids"], *data["asks"]]]


CASES = [
    Case("rest_order_new_market_result_filled_ethusdt_2025.json", "rest.order", itself, TWO_THREE),
    Case("rest_open_order_query_ltcusdt_gtx_2024.json", "rest.order", itself, TWO_THREE),
    # The 2024 ACK of ACHUSDT wrote avgPrice "0.00" where newer captures write max(pricePrecision, 5) decimals
    Case("rest_order_new_market_ack_achusdt_2024.json", "rest.order", itself, ACHUSDT, frozenset({"avgPrice"})),
    Case("rest_user_trades_btcusdt_taker_2023.json", "rest.userTrades", each, TWO_THREE),
    Case("rest_klines_btcusdt_1m_2024.json", "rest.klines", kline_columns, TWO_THREE),
    Case("rest_user_trades_docs_example.json", "rest.userTrades", each, TWO_THREE),
    Case("rest_depth_btcusdt_limit5_2024.json", "rest.depth", depth_levels, TWO_THREE),
    Case("rest_premium_index_btcusdt_docs_example.json", "rest.premiumIndex", itself),
    Case("rest_balance_v3_docs_example.json", "rest.balance", each),
    Case("rest_balance_v2_docs_example.json", "rest.balance", each),
    Case("rest_account_v2_2023.json", "rest.account", lambda data: [data, *data["assets"]]),
    Case("rest_account_v3_docs_example.json", "rest.account", lambda data: [data, *data["assets"]]),
    Case("rest_position_risk_v3_btcusdt_2024.json", "rest.positionRisk.v3", each, TWO_THREE),
    Case("rest_income_funding_fee_papi_2024.json", "rest.income", each),
    Case("rest_income_transfer_docs_example.json", "rest.income", each),
    Case("rest_commission_rate_btcusdt_nautilus.json", "rest.commissionRate", itself),
    Case("rest_commission_rate_docs_example.json", "rest.commissionRate", itself),
    Case("rest_leverage_change.json", "rest.leverage", itself),
    Case("ws_order_trade_update_new_limit_2026.json", "ws.ORDER_TRADE_UPDATE", lambda data: [data["o"]]),
    Case("ws_order_trade_update_filled_limit_maker_2026.json", "ws.ORDER_TRADE_UPDATE", lambda data: [data["o"]]),
    Case("ws_order_trade_update_canceled_2026.json", "ws.ORDER_TRADE_UPDATE", lambda data: [data["o"]]),
    Case("ws_order_trade_update_amendment_2026.json", "ws.ORDER_TRADE_UPDATE", lambda data: [data["o"]]),
    Case("ws_trade_lite_limit_fill_2026.json", "ws.TRADE_LITE", itself, TWO_THREE),
    Case("ws_trade_lite_ethusdt_nautilus.json", "ws.TRADE_LITE", itself, TWO_THREE),
    Case("ws_account_update_order_fill_cross_2026.json", "ws.ACCOUNT_UPDATE.balance", lambda data: data["a"]["B"]),
    Case("ws_account_update_funding_fee_cross_2026.json", "ws.ACCOUNT_UPDATE.balance", lambda data: data["a"]["B"]),
    Case("ws_account_update_order_fill_cross_2026.json", "ws.ACCOUNT_UPDATE.position", lambda data: data["a"]["P"]),
    Case("ws_mark_price_update_docs_example.json", "ws.markPriceUpdate", itself),
]


def checked_fields(case: Case) -> list[tuple[str, str]]:
    """(field, fixture text) of every mapped decimal field the fixture holds."""
    table = FIELD_FORMATS[case.payload]
    rows = case.rows(load_fixture(case.fixture))
    return [(name, row[name]) for row in rows for name in table if name in row and name not in case.divergent]


@pytest.mark.parametrize("case", CASES, ids=[f"{case.payload}:{case.fixture}" for case in CASES])
def test_each_mapped_field_reformats_to_the_fixture_text(case: Case) -> None:
    fields = checked_fields(case)

    rewritten = [(name, format_field(case.payload, name, Decimal(text), case.precision)) for name, text in fields]

    assert fields, f"{case.fixture} holds none of the fields of {case.payload}"
    assert rewritten == fields


def test_every_mapped_field_is_checked_against_at_least_one_fixture() -> None:
    checked = {(case.payload, name) for case in CASES for name, _ in checked_fields(case)}

    mapped = {(payload, name) for payload, table in FIELD_FORMATS.items() for name in table}

    assert sorted(mapped - checked) == []


def test_an_unmapped_field_is_named() -> None:
    with pytest.raises(KeyError, match="'price' of payload 'ws.ORDER_TRADE_UPDATE'"):
        format_field("ws.ORDER_TRADE_UPDATE", "price", Decimal(1))
