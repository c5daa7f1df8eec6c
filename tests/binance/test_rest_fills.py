"""userTrades and income responses → TradeReport and IncomeReport of the configured symbol."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from adapters.binance.translate import MalformedPayload, incomes_from_rest, trades_from_rest
from domain.reports import IncomeReport, TradeReport
from domain.values import Side
from tests.binance.support import error_of, fixture_text, utc


def data(name: str) -> Any:
    return json.loads(fixture_text(name))


def income_row(**changes: Any) -> dict[str, Any]:
    return {**data("rest_income_funding_fee_papi_2024.json")[0], **changes}


def test_a_trade_row_becomes_a_trade_report_with_exact_values() -> None:
    reports = trades_from_rest(data("rest_user_trades_ethusdt.json"), "ETHUSDT")

    assert reports[1] == TradeReport(
        trade_id=82357629,
        order_id=831238690,
        client_order_id=None,
        side=Side.BUY,
        price=Decimal("2779"),
        quantity=Decimal("0.005"),
        realized_pnl=Decimal("-0.00325"),
        commission=Decimal("0.005558"),
        commission_asset="USDT",
        maker=False,
        executed_at=utc("2022-02-27T02:52:13.910Z"),
    )


def test_trades_of_other_symbols_are_dropped() -> None:
    assert trades_from_rest(data("rest_user_trades_ethusdt.json"), "BTCUSDT") == []


def test_trade_ids_recorded_as_strings_are_read_as_integers() -> None:
    [report] = trades_from_rest(data("rest_user_trades_btcusdt_taker_2023.json"), "BTCUSDT")

    assert (report.trade_id, report.order_id) == (272536245, 3524852987)


def test_a_funding_row_keeps_the_exact_funding_instant_and_its_big_transaction_id() -> None:
    [report] = incomes_from_rest(data("rest_income_funding_fee_papi_2024.json"), "BTCUSDT")

    assert report == IncomeReport(
        "FUNDING_FEE",
        "USDT",
        Decimal("-0.04618913"),
        utc("2024-02-09T08:00:00Z"),
        8082457372019390060,
        None,
    )


def test_income_of_other_symbols_is_dropped_and_account_wide_rows_are_kept() -> None:
    rows = [income_row(symbol="ETHUSDT"), *data("rest_income_transfer_docs_example.json"), income_row()]

    reports = incomes_from_rest(rows, "BTCUSDT")

    assert [r.income_type for r in reports] == ["TRANSFER", "FUNDING_FEE"]


def test_an_income_row_about_a_fill_carries_its_trade_id() -> None:
    row = income_row(incomeType="COMMISSION", income="-0.0026", tradeId="702423109", tranId=12)

    [report] = incomes_from_rest([row], "BTCUSDT")

    assert (report.trade_id, report.tran_id, report.amount) == (702423109, 12, Decimal("-0.0026"))


def test_an_income_row_without_a_time_is_refused_naming_the_row() -> None:
    row = income_row(time=None)
    del row["time"]

    message = error_of(lambda: incomes_from_rest([row], "BTCUSDT"), MalformedPayload)

    assert message == "income[0]: time: Missing data for required field."
