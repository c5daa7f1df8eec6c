"""ORDER_TRADE_UPDATE and TRADE_LITE frames → order facts, fills, fees and fill hints, with exact values."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from adapters.binance.translate import translate_user_message
from domain.client_order_ids import client_order_id_for
from domain.events import ExchangeErrorRecorded, FeeCharged, OrderPlaced, OrderUpdated, TradeExecuted
from domain.values import OrderStatus, OrderType, Side, TimeInForce
from tests.binance.support import fixture_text, frames, utc


def frame(name: str, **changes: Any) -> str:
    """A fixture frame with fields of its `o` object changed (None removes the field)."""
    data = json.loads(fixture_text(name))
    for key, value in changes.items():
        if value is None:
            data["o"].pop(key, None)
        else:
            data["o"][key] = value
    return json.dumps(data)


def kinds(items: list[Any]) -> list[str]:
    return [type(item).__name__ for item in items]


def test_a_new_order_becomes_order_placed_with_the_exact_values_of_the_frame() -> None:
    items = translate_user_message(fixture_text("ws_order_trade_update_new_limit_2026.json"), "ETHUSDC")

    assert items == [
        OrderPlaced(
            client_order_id="web_coin_4y4b8mofbf7dqhq61p3paub",
            order_id=58846010837,
            conditional=False,
            side=Side.BUY,
            order_type=OrderType.LIMIT,
            quantity=Decimal("0.02"),
            price=Decimal("2313"),
            trigger_price=None,
            reduce_only=False,
            close_position=False,
            time_in_force=TimeInForce.GTC,
            status=OrderStatus.NEW,
            filled_qty=Decimal("0"),
            avg_price=Decimal("0"),
            external=True,
            updated_at=utc("2026-04-21T16:26:30.649Z"),
        ),
    ]


def test_a_trade_execution_gives_the_order_update_then_the_fill_then_its_fee() -> None:
    items = translate_user_message(fixture_text("ws_order_trade_update_closing_fill_realized_pnl_2021.json"), "TRXUSDT")

    order, fill, fee = items
    assert isinstance(order, OrderUpdated) and order.status is OrderStatus.FILLED
    assert (order.filled_qty, order.avg_price, order.reduce_only) == (Decimal("150"), Decimal("0.076"), True)
    assert fill == TradeExecuted(
        trade_id=133744542,
        order_id=4014170259,
        client_order_id="web_st_U8qk7AIsi5rYhlu",
        side=Side.BUY,
        price=Decimal("0.07600"),
        quantity=Decimal("150"),
        realized_pnl=Decimal("-0.039"),
        maker=False,
        external=True,
        executed_at=utc("2021-06-04T13:08:38.021Z"),
    )
    assert fee == FeeCharged(133744542, "USDT", Decimal("0.00456"), utc("2021-06-04T13:08:38.021Z"))


def test_a_partial_fill_puts_the_cumulative_quantity_on_the_order_and_the_last_quantity_on_the_fill() -> None:
    order, fill, _fee = translate_user_message(
        fixture_text("ws_order_trade_update_partial_fill_market_2024.json"),
        "SEIUSDT",
    )

    assert order.status is OrderStatus.PARTIALLY_FILLED
    assert (order.filled_qty, order.quantity) == (Decimal("392"), Decimal("445"))
    assert (fill.quantity, fill.price) == (Decimal("11"), Decimal("0.8983"))


def test_a_maker_fill_is_marked_maker_and_a_zero_fee_is_still_a_fee() -> None:
    _order, fill, fee = translate_user_message(
        fixture_text("ws_order_trade_update_filled_limit_maker_2026.json"),
        "ETHUSDC",
    )

    assert fill.maker is True
    assert (fee.asset, fee.amount) == ("USDC", Decimal("0"))


def test_a_liquidation_execution_is_an_external_fill_with_its_fee() -> None:
    text = fixture_text("ws_order_trade_update_liquidation_calculated_synthetic.json")

    order, fill, fee = translate_user_message(text, "BTCUSDT")
    assert order.external and fill.external
    assert (fill.trade_id, fill.side, fill.quantity) == (12345999, Side.SELL, Decimal("0.014"))
    assert fill.realized_pnl == Decimal("-5.67")
    assert fee.amount == Decimal("0.06937084")


@pytest.mark.parametrize("status", ["NEW_INSURANCE", "NEW_ADL"])
def test_liquidation_and_adl_orders_entering_the_book_are_new_external_orders(status: str) -> None:
    text = frame(
        "ws_order_trade_update_liquidation_calculated_synthetic.json",
        x="NEW",
        X=status,
        c="adl_autoclose",
        l="0",
        z="0",
        t=0,
    )

    items = translate_user_message(text, "BTCUSDT")

    assert kinds(items) == ["OrderPlaced"]
    assert (items[0].status, items[0].external) == (OrderStatus.NEW, True)


def test_an_amendment_becomes_an_order_update_with_the_new_price() -> None:
    items = translate_user_message(fixture_text("ws_order_trade_update_amendment_2026.json"), "ETHUSDC")

    assert kinds(items) == ["OrderUpdated"]
    assert (items[0].price, items[0].status) == (Decimal("2315.9"), OrderStatus.NEW)


def test_an_order_whose_client_id_we_minted_is_not_external() -> None:
    ours = client_order_id_for("command-1")

    order, fill, _fee = translate_user_message(
        frame("ws_order_trade_update_filled_limit_maker_2026.json", c=ours),
        "ETHUSDC",
    )

    assert (order.external, fill.external, fill.client_order_id) == (False, False, ours)


def test_order_frames_of_another_symbol_yield_nothing() -> None:
    assert translate_user_message(fixture_text("ws_order_trade_update_filled_limit_maker_2026.json"), "XRPUSDT") == []


def test_order_ids_beyond_two_to_the_53_stay_exact() -> None:
    text = frame("ws_order_trade_update_filled_limit_maker_2026.json", i=8389766058155948588)

    order, fill, _fee = translate_user_message(text, "ETHUSDC")

    assert order.order_id == fill.order_id == 8389766058155948588


def test_a_fill_without_its_fee_is_still_recorded_and_the_fee_is_left_to_reconciliation() -> None:
    text = frame("ws_order_trade_update_market_filled_taker_2021.json", n=None, N=None)

    assert kinds(translate_user_message(text, "TRXUSDT")) == ["OrderUpdated", "TradeExecuted"]


def test_a_fill_without_realized_pnl_is_recorded_as_an_error_not_as_a_fill() -> None:
    text = frame("ws_order_trade_update_market_filled_taker_2021.json", rp=None)

    order, error = translate_user_message(text, "TRXUSDT")

    assert isinstance(order, OrderUpdated)
    assert isinstance(error, ExchangeErrorRecorded)
    assert error.message == "ORDER_TRADE_UPDATE fill 133743970: rp missing; left to REST reconciliation"
    assert error.raw == text


def test_a_trade_execution_without_a_trade_id_records_no_fill() -> None:
    text = frame("ws_order_trade_update_market_filled_taker_2021.json", t=0)

    assert kinds(translate_user_message(text, "TRXUSDT")) == ["OrderUpdated"]


def test_fills_of_an_order_type_the_domain_lacks_are_still_recorded() -> None:
    text = frame(
        "ws_order_trade_update_trailing_new_docs_example.json",
        x="TRADE",
        X="FILLED",
        l="0.001",
        z="0.001",
        L="7200",
        t=99,
        n="0.0028",
        N="USDT",
        o="ICEBERG_MARKET",
        ot="ICEBERG_MARKET",
    )

    error, fill, fee = translate_user_message(text, "BTCUSDT")

    assert "ICEBERG_MARKET" in error.message and error.raw == text
    assert (fill.trade_id, fill.quantity, fill.price) == (99, Decimal("0.001"), Decimal("7200"))
    assert fee.amount == Decimal("0.0028")


def test_a_close_position_conditional_of_the_legacy_flow_has_no_domain_time_in_force() -> None:
    expired = translate_user_message(frames("ws_sequence_legacy_stop_market_trigger_2021.json")[0], "TRXUSDT")[0]

    assert (expired.order_type, expired.time_in_force, expired.trigger_price) == (
        OrderType.STOP_MARKET,
        None,
        Decimal("0.076"),
    )


@pytest.mark.parametrize("symbol", ["ETHUSDT", "XRPUSDT"])
def test_trade_lite_is_validated_then_ignored_since_the_order_update_repeats_the_fill(symbol: str) -> None:
    assert translate_user_message(fixture_text("ws_trade_lite_ethusdt_nautilus.json"), symbol) == []


def test_a_malformed_trade_lite_is_still_recorded_as_an_exchange_error() -> None:
    message = json.loads(fixture_text("ws_trade_lite_ethusdt_nautilus.json"))
    del message["t"]
    text = json.dumps(message)

    [error] = translate_user_message(text, "ETHUSDT")

    assert isinstance(error, ExchangeErrorRecorded) and "TRADE_LITE" in error.message and error.raw == text


def test_when_trade_lite_arrives_first_the_only_trade_comes_from_the_order_update_with_fee_and_pnl() -> None:
    texts = frames("ws_sequence_limit_fill_2026.json")

    items = [item for text in texts for item in translate_user_message(text, "ETHUSDC")]

    trades = [item for item in items if isinstance(item, TradeExecuted)]
    assert json.loads(texts[0])["e"] == "TRADE_LITE" and not isinstance(items[0], TradeExecuted)
    assert [(t.trade_id, t.realized_pnl, t.maker) for t in trades] == [(702423109, Decimal("0"), True)]
    assert [item.trade_id for item in items if isinstance(item, FeeCharged)] == [702423109]
