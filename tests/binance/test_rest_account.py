"""positionRisk, balance, account, symbolConfig and position-mode responses → reports, with `taken_at` for 0 times."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from adapters.binance.translate import (
    HedgeModePosition,
    balances_from_account,
    balances_from_rest,
    is_hedge_mode,
    leverage_from_symbol_config,
    position_from_rest,
)
from domain.reports import BalanceReport, PositionReport
from tests.binance.support import TAKEN_AT, error_of, fixture_text, utc


def data(name: str) -> Any:
    return json.loads(fixture_text(name))


def test_a_flat_row_stamped_with_time_zero_takes_the_time_of_the_snapshot() -> None:
    report = position_from_rest(data("rest_position_risk_v2_one_way_docs_example.json"), "BTCUSDT", TAKEN_AT)

    assert report == PositionReport(Decimal("0"), Decimal("0"), Decimal("6679.50671178"), Decimal("0"), 10, TAKEN_AT)


def test_a_v3_position_keeps_its_exchange_time_and_has_no_leverage() -> None:
    report = position_from_rest(data("rest_position_risk_v3_btcusdt_2024.json"), "BTCUSDT", TAKEN_AT)

    assert (report.quantity, report.entry_price, report.leverage) == (Decimal("0.009"), Decimal("67445.9"), None)
    assert report.updated_at == utc("2024-07-28T10:06:06.529Z")


def test_a_symbol_absent_from_v3_is_flat_at_the_time_of_the_snapshot() -> None:
    report = position_from_rest(data("rest_position_risk_v3_btcusdt_2024.json"), "XRPUSDT", TAKEN_AT)

    assert report == PositionReport(Decimal(0), Decimal(0), Decimal(0), Decimal(0), None, TAKEN_AT)


def test_a_short_position_keeps_its_sign() -> None:
    row = {**data("rest_position_risk_v3_docs_example.json")[0], "positionAmt": "-30"}

    assert position_from_rest([row], "ADAUSDT", TAKEN_AT).quantity == Decimal("-30")


def test_open_hedge_mode_positions_are_refused() -> None:
    message = error_of(
        lambda: position_from_rest(data("rest_position_risk_v2_hedge_docs_example.json"), "BTCUSDT", TAKEN_AT),
        HedgeModePosition,
    )

    assert message == "positionRisk: BTCUSDT has hedge-mode positions (LONG 20, SHORT -10); the bot trades one-way"


def test_empty_hedge_mode_rows_read_as_flat() -> None:
    rows = [{**row, "positionAmt": "0"} for row in data("rest_position_risk_v2_hedge_docs_example.json")]

    assert position_from_rest(rows, "BTCUSDT", TAKEN_AT).quantity == Decimal(0)


def test_a_naive_snapshot_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        position_from_rest([], "BTCUSDT", datetime(2026, 1, 1))


def test_balance_rows_become_balance_reports_with_exact_decimals() -> None:
    reports = balances_from_rest(data("rest_balance_v3_docs_example.json"), TAKEN_AT)

    assert reports == [
        BalanceReport(
            "USDT",
            Decimal("122607.35137903"),
            Decimal("23.72469206"),
            Decimal("23.72469206"),
            utc("2021-04-09T03:31:50.373Z"),
        ),
    ]


def test_account_assets_stamped_with_time_zero_take_the_time_of_the_snapshot() -> None:
    reports = balances_from_account(data("rest_account_v3_2024.json"), TAKEN_AT)

    assert {r.asset: r.updated_at for r in reports}["FDUSD"] == TAKEN_AT
    assert {r.asset: r.wallet_balance for r in reports}["USDT"] == Decimal("3.72964781")


def test_symbol_config_gives_the_leverage_of_the_symbol_only() -> None:
    rows = data("rest_symbol_config_btcusdt_2024.json")

    assert (leverage_from_symbol_config(rows, "BTCUSDT"), leverage_from_symbol_config(rows, "XRPUSDT")) == (20, None)


def test_the_position_mode_answer_tells_hedge_from_one_way() -> None:
    assert (is_hedge_mode({"dualSidePosition": True}), is_hedge_mode({"dualSidePosition": False})) == (True, False)
