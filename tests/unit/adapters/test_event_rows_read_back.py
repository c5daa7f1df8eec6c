"""Events skip the full read-back decode only when their field types prove it; the guarantee itself still holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings

from adapters.memory.event_store import InMemoryEventStore
from adapters.records import event_rows
from adapters.records.event_rows import event_from_row, event_to_row
from adapters.records.json_text import canonical_json
from domain.codec import to_record, vouched_record
from domain.events import OrderPlaced, TradeExecuted
from domain.values import OrderType, Side
from tests.contract.samples import event, fill, reconciled, sample_payloads
from tests.harness.event_strategies import event_sequences

TOKYO = timezone(timedelta(hours=9))


def full_row(stored_event):
    """The row as the full path builds it: to_record for the payload, then a complete decode."""
    row = event_to_row(stored_event)
    return row._replace(payload_json=canonical_json(to_record(stored_event.payload), "payload"))


@pytest.mark.parametrize("payload", sample_payloads(), ids=lambda payload: payload.TYPE)
def test_a_vouched_record_is_the_codec_record_of_every_sample_payload(payload) -> None:
    assert vouched_record(payload) in (None, to_record(payload))


@pytest.mark.parametrize("payload", sample_payloads(), ids=lambda payload: payload.TYPE)
def test_every_sample_event_reads_back_equal_from_its_row(payload) -> None:
    original = event(payload, 1)

    row = event_to_row(original)

    assert row == full_row(original)
    assert event_from_row(7, row).event == original


@settings(max_examples=60, deadline=None)
@given(event_sequences())
def test_generated_events_read_back_equal_and_rows_match_the_full_encoding(events) -> None:
    for original in events:
        row = event_to_row(original)

        assert row == full_row(original)
        assert event_from_row(1, row).event == original


def test_a_timestamp_in_another_zone_takes_the_full_check_and_reads_back_in_utc() -> None:
    moment = datetime(2026, 3, 1, 9, 30, tzinfo=TOKYO)
    payload = replace(fill(1, 1).payload, executed_at=moment)
    original = event(payload, 1, ts=moment)

    assert vouched_record(payload) is None
    back = event_from_row(1, event_to_row(original)).event
    assert back == original
    assert back.ts.tzinfo is UTC and back.payload.executed_at.tzinfo is UTC


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("price", Decimal("Infinity")),
        ("price", "0.5"),
        ("trade_id", True),
        ("trade_id", "12"),
        ("side", OrderType.LIMIT),
        ("executed_at", datetime(2026, 1, 1)),
        ("quantity", None),
    ],
)
def test_a_field_of_an_unproven_type_is_not_vouched_for(field: str, value) -> None:
    payload = replace(fill(1, 1).payload, **{field: value})

    assert vouched_record(payload) is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("price", Decimal("NaN"), "finite"),
        ("price", 5, "decimal string"),
        ("trade_id", True, "integer"),
        ("executed_at", datetime(2026, 1, 1), "naive"),
        ("quantity", None, "missing value"),
        ("side", OrderType.LIMIT, "not a valid Side"),
    ],
)
def test_an_event_that_would_not_read_back_is_still_refused_with_the_reason(field: str, value, message: str) -> None:
    bad = replace(fill(1, 1), payload=replace(fill(1, 1).payload, **{field: value}))

    with pytest.raises(ValueError, match=message):
        event_to_row(bad)


def test_a_naive_envelope_timestamp_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        event_to_row(replace(reconciled(1), ts=datetime(2026, 1, 1)))


def test_a_str_enum_given_as_its_plain_value_still_reads_back_as_the_member() -> None:
    placed = next(payload for payload in sample_payloads() if isinstance(payload, OrderPlaced))
    loose = replace(placed, side="SELL")

    back = event_from_row(1, event_to_row(event(loose, 1))).event.payload

    assert vouched_record(loose) is None
    assert back.side is Side.SELL


def test_a_subclass_of_a_payload_type_is_checked_in_full() -> None:
    class Special(TradeExecuted):
        pass

    payload = Special(**{name: getattr(fill(1, 1).payload, name) for name in to_record(fill(1, 1).payload)})

    back = event_from_row(1, event_to_row(event(payload, 1))).event.payload

    assert type(back) is TradeExecuted and back == fill(1, 1).payload


def test_a_plain_utc_fill_is_vouched_for_with_exactly_the_codec_record() -> None:
    payload = fill(1, 1).payload

    assert vouched_record(payload) == to_record(payload)


def test_the_in_memory_log_decodes_an_event_that_takes_the_full_check_once(mocker) -> None:
    moment = datetime(2026, 3, 1, 9, 30, tzinfo=TOKYO)
    original = event(replace(fill(1, 1).payload, executed_at=moment), 1, ts=moment)
    decodes = mocker.spy(event_rows, "decode_payload")
    store = InMemoryEventStore()

    store.append([original])

    # The read-back check's decode is the stored form: the same instant, in UTC, as the SQLite log gives it back
    assert decodes.call_count == 1
    [stored] = store.read_after(0)
    assert stored.event == original and stored.event.ts.tzinfo is UTC
