"""EventStore contract: gap-free seqs, dedup, atomic batches, paging, queries and exact round trips."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from domain.codec import to_record
from domain.events import BalanceChanged, EngineStateChanged, Event, TradeExecuted
from domain.values import EngineState
from ports.errors import StorageError
from ports.event_store import Appended, EventQuery, EventStore
from tests.contract.samples import (
    ALL_EVENT_TYPES,
    BIG_ID,
    at,
    event,
    fill,
    reconciled,
    sample_payload_types,
    sample_payloads,
)


def seqs(stored: list) -> list[int]:
    return [item.seq for item in stored]


class TestAppending:
    def test_appending_events_assigns_seqs_one_to_n_without_gaps(self, event_store: EventStore) -> None:
        first = event_store.append([reconciled(1), reconciled(2), reconciled(3)])
        second = event_store.append([reconciled(4)])

        assert first == [Appended(1, True), Appended(2, True), Appended(3, True)]
        assert second == [Appended(4, True)]
        assert seqs(event_store.read_after(0)) == [1, 2, 3, 4]

    def test_appending_nothing_returns_nothing(self, event_store: EventStore) -> None:
        assert event_store.append([]) == []
        assert event_store.last_seq() == 0

    def test_appending_the_same_dedup_key_twice_stores_one_event(self, event_store: EventStore) -> None:
        event_store.append([reconciled(1), fill(77, 2)])

        again = event_store.append([fill(77, 3)])

        assert again == [Appended(seq=2, stored=False)]
        assert event_store.last_seq() == 2
        assert event_store.read_after(0)[1].event.event_id == "evt-2"

    def test_a_batch_with_an_internal_duplicate_stores_it_once(self, event_store: EventStore) -> None:
        result = event_store.append([fill(5, 1), reconciled(2), fill(5, 3), reconciled(4)])

        assert result == [Appended(1, True), Appended(2, True), Appended(1, False), Appended(3, True)]
        assert [e.event.event_id for e in event_store.read_after(0)] == ["evt-1", "evt-2", "evt-4"]

    def test_a_skipped_duplicate_consumes_no_seq(self, event_store: EventStore) -> None:
        event_store.append([fill(5, 1)])
        event_store.append([fill(5, 2)])

        event_store.append([reconciled(3)])

        assert seqs(event_store.read_after(0)) == [1, 2]
        assert event_store.last_seq() == 2

    def test_a_batch_that_fails_midway_stores_nothing_and_consumes_no_seq(self, event_store: EventStore) -> None:
        event_store.append([reconciled(1)])
        clash = replace(reconciled(9), event_id="evt-1")

        with pytest.raises(StorageError):
            event_store.append([reconciled(2), clash, reconciled(3)])

        assert event_store.last_seq() == 1
        assert event_store.append([reconciled(4)]) == [Appended(2, True)]

    def test_an_event_that_would_not_read_back_is_refused_and_nothing_is_stored(self, event_store: EventStore) -> None:
        naive = reconciled(2)
        naive = replace(naive, payload=BalanceChanged("USDT", Decimal(1), Decimal(1), "ORDER", datetime(2026, 1, 1)))
        not_finite = replace(fill(3, 3), payload=replace(fill(3, 3).payload, price=Decimal("NaN")))

        for bad in (naive, not_finite):
            with pytest.raises(ValueError, match="naive|finite"):
                event_store.append([reconciled(1), bad])

        assert event_store.last_seq() == 0

    def test_text_no_projection_could_store_is_refused_naming_the_type_and_field(self, event_store: EventStore) -> None:
        # A lone surrogate survives the payload's JSON (as an escape) but no UTF-8 column: the fold would fail forever
        pause = replace(reconciled(2), payload=EngineStateChanged(EngineState.PAUSED, "\ud800", None))
        bad_id = replace(reconciled(3), correlation_id="corr-\udfff")

        with pytest.raises(ValueError, match=r"^event engine\.state_changed\.v1: payload\.reason must not contain"):
            event_store.append([reconciled(1), pause])
        with pytest.raises(ValueError, match=r"^event reconciled\.v1: correlation_id must not contain"):
            event_store.append([bad_id])

        assert event_store.last_seq() == 0
        assert event_store.append(
            [replace(reconciled(4), payload=EngineStateChanged(EngineState.PAUSED, "뉴스 😀", None))]
        )


class TestReading:
    def test_read_after_pages_in_seq_order(self, event_store: EventStore) -> None:
        event_store.append([reconciled(n) for n in range(1, 8)])

        pages = [seqs(event_store.read_after(after, limit=3)) for after in (0, 3, 6, 7)]

        assert pages == [[1, 2, 3], [4, 5, 6], [7], []]

    def test_read_after_refuses_a_negative_limit(self, event_store: EventStore) -> None:
        with pytest.raises(ValueError, match="limit"):
            event_store.read_after(0, limit=-1)

    def test_last_seq_is_zero_when_empty_and_then_the_highest_seq(self, event_store: EventStore) -> None:
        assert event_store.last_seq() == 0

        event_store.append([reconciled(1), reconciled(2)])

        assert event_store.last_seq() == 2

    def test_get_by_dedup_key_returns_the_stored_event_or_none(self, event_store: EventStore) -> None:
        stored_fill = fill(BIG_ID, 1)
        event_store.append([reconciled(0), stored_fill])

        found = event_store.get_by_dedup_key(stored_fill.dedup_key)

        assert found is not None and found.seq == 2 and found.event == stored_fill
        assert event_store.get_by_dedup_key("BTCUSDT:trade:1") is None

    def test_stored_columns_give_one_event_undecoded(self, event_store: EventStore) -> None:
        event_store.append([reconciled(1), fill(7, 2)])

        columns = event_store.stored_columns(2)

        assert columns is not None and event_store.stored_columns(3) is None and event_store.stored_columns(0) is None
        assert (columns["seq"], columns["event_type"], columns["event_id"]) == (2, TradeExecuted.TYPE, "evt-2")
        assert json.loads(columns["payload_json"]) == to_record(fill(7, 2).payload)


class TestQuerying:
    @pytest.fixture
    def mixed(self, event_store: EventStore) -> EventStore:
        event_store.append([reconciled(1), fill(11, 2), reconciled(3), fill(12, 4), reconciled(5)])
        return event_store

    def test_query_returns_newest_first(self, mixed: EventStore) -> None:
        assert seqs(mixed.query(EventQuery())) == [5, 4, 3, 2, 1]

    def test_query_filters_by_any_of_the_types(self, mixed: EventStore) -> None:
        fills = mixed.query(EventQuery(types=(TradeExecuted.TYPE,)))
        both = mixed.query(EventQuery(types=(TradeExecuted.TYPE, "reconciled.v1")))

        assert seqs(fills) == [4, 2]
        assert seqs(both) == [5, 4, 3, 2, 1]

    def test_query_time_range_is_inclusive_at_both_ends(self, mixed: EventStore) -> None:
        assert seqs(mixed.query(EventQuery(since=at(2), until=at(4)))) == [4, 3, 2]
        assert seqs(mixed.query(EventQuery(since=at(4.5)))) == [5]
        assert seqs(mixed.query(EventQuery(until=at(1)))) == [1]

    def test_query_accepts_bounds_in_any_timezone(self, mixed: EventStore) -> None:
        tokyo = timezone(timedelta(hours=9))

        assert seqs(mixed.query(EventQuery(since=at(2).astimezone(tokyo), until=at(3).astimezone(tokyo)))) == [3, 2]

    def test_query_pages_with_limit_and_offset(self, mixed: EventStore) -> None:
        pages = [seqs(mixed.query(EventQuery(limit=2, offset=offset))) for offset in (0, 2, 4, 6)]

        assert pages == [[5, 4], [3, 2], [1], []]

    def test_query_combines_type_time_and_paging(self, mixed: EventStore) -> None:
        query = EventQuery(types=("reconciled.v1",), since=at(1), until=at(5), limit=1, offset=1)

        assert seqs(mixed.query(query)) == [3]

    def test_query_refuses_a_bare_string_as_types_and_negative_paging(self, mixed: EventStore) -> None:
        bare_string = EventQuery(types="reconciled.v1")  # type: ignore[arg-type]
        for bad in (bare_string, EventQuery(limit=-1), EventQuery(offset=-1)):
            with pytest.raises(ValueError):
                mixed.query(bad)


class TestRoundTrips:
    def test_the_samples_cover_every_registered_event_type(self) -> None:
        assert sample_payload_types() == ALL_EVENT_TYPES

    @pytest.mark.parametrize("payload", sample_payloads(), ids=lambda p: p.TYPE)
    def test_every_payload_type_reads_back_exactly(self, event_store: EventStore, payload) -> None:
        original = event(payload, 1)
        event_store.append([original])

        [stored] = event_store.read_after(0)

        assert stored.event == original
        # Equality of Decimals ignores trailing zeros, so compare the encoded text as well
        assert to_record(stored.event.payload) == to_record(original.payload)
        assert type(stored.event.payload) is type(original.payload)

    def test_huge_ids_and_trailing_zeros_survive(self, event_store: EventStore) -> None:
        event_store.append([fill(BIG_ID, 1)])

        payload = event_store.read_after(0)[0].event.payload

        assert payload.trade_id == 8389766058155948588 and payload.order_id == BIG_ID
        assert str(payload.price) == "64000.10" and str(payload.quantity) == "0.010"
        assert str(payload.realized_pnl) == "0E-8"

    def test_the_envelope_reads_back_with_its_timestamp_in_utc(self, event_store: EventStore) -> None:
        tokyo_time = at(1).astimezone(timezone(timedelta(hours=9)))
        original: Event = replace(reconciled(1), ts=tokyo_time, causation_id="cause-1", correlation_id="corr-1")
        event_store.append([original])

        stored = event_store.read_after(0)[0].event

        assert stored == original
        assert stored.ts.utcoffset() == timedelta(0) and stored.ts == at(1)
