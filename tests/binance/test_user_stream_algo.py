"""ALGO_UPDATE frames → conditional order facts keyed by algoId, through the Algo Service life cycle."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from adapters.binance.translate import translate_user_message
from domain.client_order_ids import client_order_id_for
from domain.events import ExchangeErrorRecorded, OrderPlaced
from domain.values import OrderStatus, OrderType, Side, TimeInForce
from tests.binance.support import fixture_text, utc

OURS = client_order_id_for("command-7", "stop")


def algo_frame(**changes: Any) -> str:
    """The documented NEW example as the bot would place it: a STOP_MARKET with our client algo id."""
    data = json.loads(fixture_text("ws_algo_update_new_docs_example.json"))
    data["o"].update({"o": "STOP_MARKET", "caid": OURS, "p": "0", "R": True, **changes})
    return json.dumps(data)


def test_a_new_algo_order_becomes_a_conditional_order_placed_keyed_by_its_algo_id() -> None:
    items = translate_user_message(algo_frame(), "BNBUSDT")

    assert items == [
        OrderPlaced(
            client_order_id=OURS,
            order_id=2148719,
            conditional=True,
            side=Side.SELL,
            order_type=OrderType.STOP_MARKET,
            quantity=Decimal("0.01"),
            price=None,
            trigger_price=Decimal("750"),
            reduce_only=True,
            close_position=False,
            time_in_force=TimeInForce.GTC,
            status=OrderStatus.NEW,
            filled_qty=Decimal("0"),
            avg_price=Decimal("0"),
            external=False,
            updated_at=utc("2025-06-21T14:22:22.297Z"),
        ),
    ]
    assert items[0].order_key == "algo:2148719"


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("ws_algo_update_triggering.json", OrderStatus.TRIGGERING),
        ("ws_algo_update_triggered.json", OrderStatus.TRIGGERED),
        ("ws_algo_update_finished_filled.json", OrderStatus.FINISHED),
    ],
)
def test_each_step_of_the_trigger_life_cycle_is_an_order_update_of_the_same_algo_order(
    name: str,
    status: OrderStatus,
) -> None:
    [update] = translate_user_message(fixture_text(name), "DOGEUSDT")

    assert (type(update).__name__, update.order_key, update.status, update.conditional) == (
        "OrderUpdated",
        "algo:1000000033225453",
        status,
        True,
    )


def test_a_finished_algo_order_reports_its_executed_quantity_and_average_price() -> None:
    [update] = translate_user_message(fixture_text("ws_algo_update_finished_filled.json"), "DOGEUSDT")

    assert (update.filled_qty, update.avg_price) == (Decimal("38"), Decimal("0.13856"))
    assert update.trigger_price == Decimal("0.13855")
    assert update.updated_at == utc("2025-12-11T05:31:37.031Z")


@pytest.mark.parametrize("status", ["CANCELED", "REJECTED", "EXPIRED"])
def test_the_final_statuses_of_an_algo_order_map_to_the_domain(status: str) -> None:
    [update] = translate_user_message(algo_frame(X=status), "BNBUSDT")

    assert update.status is OrderStatus(status)


def test_a_close_position_algo_order_without_quantity_reports_zero_quantity() -> None:
    [placed] = translate_user_message(algo_frame(q="", cp=True, R=False), "BNBUSDT")

    assert (placed.quantity, placed.close_position) == (Decimal("0"), True)


def test_algo_updates_of_another_symbol_yield_nothing() -> None:
    assert translate_user_message(fixture_text("ws_algo_update_triggered.json"), "XRPUSDT") == []


def test_an_algo_status_the_domain_lacks_is_recorded_as_an_error() -> None:
    text = algo_frame(X="PAUSED")

    [error] = translate_user_message(text, "BNBUSDT")

    assert isinstance(error, ExchangeErrorRecorded)
    assert error.message == (
        "ALGO_UPDATE algo order 2148719: algo order status 'PAUSED' has no domain equivalent; order facts not recorded"
    )
