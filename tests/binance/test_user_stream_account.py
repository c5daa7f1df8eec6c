"""ACCOUNT_UPDATE, ACCOUNT_CONFIG_UPDATE and MARGIN_CALL frames → balances, the one-way position, leverage, hints."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from adapters.binance.translate import translate_user_message
from domain.events import (
    BalanceChanged,
    ExchangeErrorRecorded,
    FundingApplied,
    LeverageChanged,
    MarginCalled,
    PositionChanged,
    TransferMade,
)
from tests.binance.support import fixture_text, utc


def account_frame(name: str, **changes: Any) -> str:
    data = json.loads(fixture_text(name))
    data["a"].update(changes)
    return json.dumps(data)


def test_an_account_update_gives_each_balance_then_the_one_way_position_of_the_symbol() -> None:
    items = translate_user_message(fixture_text("ws_account_update_order_fill_cross_2026.json"), "ETHUSDC")

    at = utc("2026-04-21T16:33:30.247Z")
    assert items == [
        BalanceChanged("USDC", Decimal("37.87866827"), Decimal("37.87866827"), "ORDER", at),
        PositionChanged(Decimal("0.02"), Decimal("2317.3"), "ORDER", at),
    ]


def test_an_isolated_short_keeps_its_sign_and_its_cross_wallet_below_the_wallet() -> None:
    text = fixture_text("ws_account_update_isolated_short_open_2021.json")

    balance, position = translate_user_message(text, "TRXUSDT")

    assert (balance.wallet_balance, balance.cross_wallet_balance) == (Decimal("316.19421294"), Decimal("304.83274584"))
    assert (position.quantity, position.entry_price) == (Decimal("-150"), Decimal("0.07574"))


def test_a_funding_fee_changes_the_balance_and_never_applies_funding() -> None:
    items = translate_user_message(fixture_text("ws_account_update_funding_fee_cross_2026.json"), "ETHUSDC")

    assert items == [
        BalanceChanged(
            "USDC",
            Decimal("38.17806885"),
            Decimal("38.17806885"),
            "FUNDING_FEE",
            utc("2026-04-21T16:00:03.246Z"),
        ),
    ]
    assert not any(isinstance(item, FundingApplied) for item in items)


def test_an_isolated_funding_fee_moves_the_position_row_but_still_applies_no_funding() -> None:
    position_row = {"s": "TRXUSDT", "pa": "-150", "ep": "0.07574", "mt": "isolated", "iw": "11.36", "ps": "BOTH"}
    text = account_frame("ws_account_update_funding_fee_cross_2026.json", P=[position_row])

    items = translate_user_message(text, "TRXUSDT")

    assert [type(item).__name__ for item in items] == ["BalanceChanged", "PositionChanged"]
    assert items[1].reason == "FUNDING_FEE"


def test_positions_of_other_symbols_are_ignored_but_the_account_balances_are_kept() -> None:
    items = translate_user_message(fixture_text("ws_account_update_order_fill_cross_2026.json"), "XRPUSDT")

    assert [type(item).__name__ for item in items] == ["BalanceChanged"]


def test_hedge_mode_rows_are_ignored_and_only_the_one_way_row_counts() -> None:
    items = translate_user_message(fixture_text("ws_account_update_hedge_docs_example.json"), "BTCUSDT")

    positions = [item for item in items if isinstance(item, PositionChanged)]
    assert [(p.quantity, p.entry_price) for p in positions] == [(Decimal("0"), Decimal("0"))]


def test_a_transfer_shows_as_a_balance_change_with_its_reason_and_as_the_transfer_itself() -> None:
    items = translate_user_message(fixture_text("ws_account_update_withdraw_2026.json"), "ETHUSDC")

    balances = [item for item in items if isinstance(item, BalanceChanged)]
    transfers = [item for item in items if isinstance(item, TransferMade)]
    assert [(item.asset, item.wallet_balance, item.reason) for item in balances] == [
        ("USDC", Decimal("38.84650063"), "WITHDRAW"),
    ]
    assert [(item.asset, item.amount, item.tran_id) for item in transfers] == [("USDC", Decimal("-10"), None)]


def test_a_leverage_update_of_the_symbol_becomes_leverage_changed_at_its_transaction_time() -> None:
    items = translate_user_message(fixture_text("ws_account_config_update_leverage_docs_example.json"), "BTCUSDT")

    assert items == [LeverageChanged(25, utc("2021-01-26T07:38:57.476Z"))]


def test_a_leverage_update_of_another_symbol_yields_nothing() -> None:
    assert translate_user_message(fixture_text("ws_account_config_update_leverage_docs_example.json"), "XRPUSDT") == []


def test_a_multi_assets_mode_update_yields_nothing() -> None:
    text = fixture_text("ws_account_config_update_multi_assets_docs_example.json")

    assert translate_user_message(text, "BTCUSDT") == []


def test_a_config_update_with_neither_leverage_nor_mode_is_recorded_as_an_error() -> None:
    text = json.dumps({"e": "ACCOUNT_CONFIG_UPDATE", "E": 1, "T": 1})

    [error] = translate_user_message(text, "BTCUSDT")

    assert isinstance(error, ExchangeErrorRecorded)
    assert error.message == "ACCOUNT_CONFIG_UPDATE: neither `ac` (leverage) nor `ai` (multi-assets mode)"


DOCS_MARGIN_CALL = MarginCalled(
    symbol="ETHUSDT",
    position_side="LONG",
    margin_type="CROSSED",
    quantity=Decimal("1.327"),
    mark_price=Decimal("187.17127"),
    unrealized_pnl=Decimal("-1.166074"),
    maintenance_margin=Decimal("1.614445"),
    isolated_wallet=Decimal("0"),
    cross_wallet_balance=Decimal("3.16812045"),
    called_at=utc("2020-04-24T11:19:47.525Z"),
)


def test_a_margin_call_is_a_fact_with_every_figure_of_its_position_as_a_decimal() -> None:
    [called] = translate_user_message(fixture_text("ws_margin_call_docs_example.json"), "ETHUSDT")

    assert called == DOCS_MARGIN_CALL
    assert all(
        type(getattr(called, name)) is Decimal
        for name in (
            "quantity",
            "mark_price",
            "unrealized_pnl",
            "maintenance_margin",
            "isolated_wallet",
            "cross_wallet_balance",
        )
    )


def test_a_margin_call_on_another_symbols_position_is_recorded_too_as_the_account_is_at_risk() -> None:
    assert translate_user_message(fixture_text("ws_margin_call_docs_example.json"), "XRPUSDT") == [DOCS_MARGIN_CALL]


def test_a_margin_call_gives_one_fact_per_position_it_lists() -> None:
    message = json.loads(fixture_text("ws_margin_call_docs_example.json"))
    isolated = {**message["p"][0], "s": "BTCUSDT", "ps": "BOTH", "mt": "ISOLATED", "iw": "12.5", "pa": "-0.010"}
    message["p"].append(isolated)

    items = translate_user_message(json.dumps(message), "ETHUSDT")

    assert [(i.symbol, i.margin_type, i.isolated_wallet, i.quantity) for i in items] == [
        ("ETHUSDT", "CROSSED", Decimal("0"), Decimal("1.327")),
        ("BTCUSDT", "ISOLATED", Decimal("12.5"), Decimal("-0.010")),
    ]


def test_a_margin_call_listing_no_position_is_recorded_as_an_exchange_error() -> None:
    text = json.dumps({"e": "MARGIN_CALL", "E": 1587727187525, "cw": "3.16812045", "p": []})

    [error] = translate_user_message(text, "ETHUSDT")

    assert isinstance(error, ExchangeErrorRecorded) and "MARGIN_CALL" in error.message and error.raw == text
