"""new_event: a fact's dedup key is its natural key within the symbol; facts without one never collide."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from domain.events import DriftDetected, Reconciled, new_event
from domain.values import Source
from tests.harness.builders import (
    SCOPE,
    T0,
    at,
    balance_changed,
    fee_charged,
    funding_applied,
    order_placed,
    order_updated,
    position_changed,
    trade_executed,
)


def stamp(payload, event_id: str = "ev-1", scope=SCOPE, source: Source = Source.WS):
    return new_event(payload, event_id=event_id, ts=T0, scope=scope, source=source)


def test_a_fill_is_keyed_by_symbol_and_trade_id() -> None:
    assert stamp(trade_executed(42)).dedup_key == "XRPUSDT:trade:42"


def test_the_same_fill_seen_on_the_stream_and_over_rest_gets_the_same_dedup_key() -> None:
    from_stream = stamp(trade_executed(42), "ev-1", source=Source.WS)
    from_rest = stamp(trade_executed(42), "ev-2", source=Source.REST)

    assert from_stream.dedup_key == from_rest.dedup_key
    assert from_stream.event_id != from_rest.event_id


def test_the_same_trade_id_on_another_symbol_is_another_fact() -> None:
    other = replace(SCOPE, symbol="BTCUSDT")

    assert stamp(trade_executed(42)).dedup_key != stamp(trade_executed(42), scope=other).dedup_key


@pytest.mark.parametrize(
    ("payload", "key"),
    [
        (fee_charged(42), "XRPUSDT:fee:42"),
        (funding_applied(funding_time=at(-4 * 3600)), "XRPUSDT:funding:USDT:1767600000000"),
        (order_placed(7), "XRPUSDT:order.placed:order:7"),
        (order_placed(7, conditional=True), "XRPUSDT:order.placed:algo:7"),
        (order_updated(7, filled_qty="0.5"), "XRPUSDT:order.updated:order:7:NEW:0.5"),
        (position_changed(qty="-1", entry_price="0.5", changed_at=T0), "XRPUSDT:position:ORDER:-1:0.5:1767614400000"),
        (balance_changed(wallet="1000", changed_at=T0), "XRPUSDT:balance:USDT:ORDER:1000:1767614400000"),
    ],
    ids=lambda value: value if isinstance(value, str) else value.TYPE,
)
def test_each_fact_type_has_its_natural_key(payload, key: str) -> None:
    assert stamp(payload).dedup_key == key


def test_a_regular_order_and_an_algo_order_with_the_same_number_do_not_collide() -> None:
    assert stamp(order_updated(7)).dedup_key != stamp(order_updated(7, conditional=True)).dedup_key


def test_each_new_status_or_fill_of_an_order_is_a_new_fact() -> None:
    keys = {
        stamp(order_updated(7, status=status, filled_qty=filled)).dedup_key
        for status, filled in [("NEW", "0"), ("PARTIALLY_FILLED", "0.5"), ("PARTIALLY_FILLED", "0.8"), ("FILLED", "1")]
    }

    assert len(keys) == 4


def test_a_fact_without_natural_key_falls_back_to_its_unique_event_id() -> None:
    first = stamp(Reconciled(0, 0), "ev-1")
    second = stamp(Reconciled(0, 0), "ev-2")

    assert first.dedup_key == "reconciled.v1:ev-1"
    assert second.dedup_key == "reconciled.v1:ev-2"


def test_identical_drifts_reported_twice_are_kept_as_two_events() -> None:
    drift = DriftDetected("order", "order:1", "status", "NEW", "MISSING")

    assert stamp(drift, "ev-1").dedup_key != stamp(drift, "ev-2").dedup_key


def test_the_correlation_id_defaults_to_the_event_id() -> None:
    event = stamp(fee_charged(), "ev-9")

    assert event.correlation_id == "ev-9"
    assert event.causation_id is None


def test_an_event_with_a_naive_timestamp_is_refused() -> None:
    with pytest.raises(ValueError, match="naive timestamp"):
        new_event(fee_charged(), event_id="ev-1", ts=datetime(2026, 1, 5), scope=SCOPE, source=Source.WS)


def test_the_envelope_type_is_the_payload_type() -> None:
    assert stamp(fee_charged(charged_at=at(5))).type == "fee.charged.v1"


def test_equal_amounts_written_differently_make_one_dedup_key() -> None:
    from decimal import Decimal

    from tests.harness.builders import balance_changed, order_updated, position_changed

    assert order_updated(7, filled_qty="0.020").natural_key() == order_updated(7, filled_qty="0.02").natural_key()
    assert balance_changed(wallet="100.0").natural_key() == balance_changed(wallet="100").natural_key()
    assert (
        position_changed(qty="1.50", entry_price="2317.30").natural_key()
        == position_changed(
            qty=Decimal("1.5"),
            entry_price="2317.3",
        ).natural_key()
    )


def test_a_reconcile_correction_and_a_stream_snapshot_of_the_same_value_and_millisecond_are_two_facts() -> None:
    # Found by the stateful property test: deduplicated, the stream's later snapshot was dropped
    correction = new_event(
        position_changed(qty="0", entry_price="0", reason="reconcile", changed_at=T0),
        event_id="rest-1",
        ts=T0,
        scope=SCOPE,
        source=Source.REST,
    )
    snapshot = new_event(
        position_changed(qty="0", entry_price="0", reason="ORDER", changed_at=T0),
        event_id="ws-1",
        ts=T0,
        scope=SCOPE,
        source=Source.WS,
    )

    assert correction.dedup_key != snapshot.dedup_key
