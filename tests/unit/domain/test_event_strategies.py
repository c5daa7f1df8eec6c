"""The shared event-sequence strategy draws well-formed events and reaches every case the projections fold."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import Phase, find, given, settings

from domain.events import PAYLOAD_TYPES, Event, FeeCharged, OrderFacts, TradeExecuted, decode_payload, encode_payload
from domain.projections.state import ProjectionState
from tests.harness.builders import SYMBOL, fold
from tests.harness.event_strategies import event_sequences


@pytest.fixture(scope="module")
def samples() -> list[list[Event]]:
    """A fixed (derandomized) draw of sequences, generated once, without shrinking."""
    drawn: list[list[Event]] = []

    @settings(max_examples=300, derandomize=True, database=None, phases=[Phase.generate], deadline=None)
    @given(events=event_sequences())
    def collect(events: list[Event]) -> None:
        drawn.append(events)

    collect()
    return drawn


@settings(max_examples=30, deadline=None)
@given(events=event_sequences())
def test_every_drawn_event_is_well_formed_and_survives_the_codec(events) -> None:
    assert len({e.event_id for e in events}) == len(events)
    assert all(e.ts.utcoffset() is not None for e in events)
    assert [e.ts for e in events] == sorted(e.ts for e in events)
    for event in events:
        assert decode_payload(event.type, encode_payload(event.payload)) == event.payload


@settings(max_examples=30, deadline=None)
@given(events=event_sequences())
def test_folding_the_same_sequence_twice_gives_the_same_tables(events) -> None:
    assert fold(events).tables == fold(events).tables


def test_every_payload_type_is_drawn(samples) -> None:
    assert {e.type for events in samples for e in events} == set(PAYLOAD_TYPES)


def test_the_same_dedup_key_is_drawn_twice_in_one_sequence(samples) -> None:
    assert any(len({e.dedup_key for e in events}) < len(events) for events in samples)


def test_a_fee_is_drawn_before_its_fill(samples) -> None:
    def fee_first(events: list[Event]) -> bool:
        waiting: set[int] = set()
        for event in events:
            if isinstance(event.payload, FeeCharged):
                waiting.add(event.payload.trade_id)
            elif isinstance(event.payload, TradeExecuted) and event.payload.trade_id in waiting:
                return True
        return False

    assert any(fee_first(events) for events in samples)


@pytest.mark.parametrize("transition", [("LONG", "SHORT"), ("SHORT", "LONG"), ("LONG", "FLAT"), ("SHORT", "FLAT")])
def test_positions_open_close_and_flip_through_fills(transition: tuple[str, str]) -> None:
    def sides_after_fills(events: list[Event]) -> list[str]:
        state, sides = ProjectionState(), []
        for event in events:
            state.apply(event)
            if isinstance(event.payload, TradeExecuted):
                sides.append(state.position(SYMBOL).side)
        return sides

    # A search rather than a fixed draw: Hypothesis mixes constants of the modules loaded so far into its draws, so
    # what a fixed number of examples reaches depends on which tests ran first
    found = find(
        event_sequences(),
        lambda events: transition in set(itertools.pairwise(sides_after_fills(events))),
        settings=settings(max_examples=5000, database=None, deadline=None, phases=[Phase.generate]),
    )
    assert transition in set(itertools.pairwise(sides_after_fills(found)))


def test_a_regular_and_an_algo_order_share_a_number(samples) -> None:
    def shared(events: list[Event]) -> bool:
        kinds: dict[int, set[bool]] = {}
        for event in events:
            if isinstance(event.payload, OrderFacts):
                kinds.setdefault(event.payload.order_id, set()).add(event.payload.conditional)
        return any(len(k) == 2 for k in kinds.values())

    assert any(shared(events) for events in samples)


def test_fills_land_on_several_utc_days(samples) -> None:
    assert any(len(fold(events).pnl_days()) >= 3 for events in samples)
