"""The one event writer (ADR 0056): what it stamps, and that natural ids keep writing the same fact a no-op."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory.clock import ManualClock, SequentialIds
from adapters.memory.event_store import InMemoryEventStore
from application.event_writer import EventWriter
from domain.events import ConfigChanged, ExchangeErrorRecorded
from domain.values import Source
from tests.unit.application.bench import SCOPE, START


def writer() -> tuple[EventWriter, InMemoryEventStore, ManualClock]:
    events, clock = InMemoryEventStore(), ManualClock(START)
    return EventWriter(events, SequentialIds("id-"), clock, SCOPE), events, clock


def test_each_fact_is_stamped_with_a_fresh_id_the_clock_scope_source_and_its_cause() -> None:
    write, events, clock = writer()
    clock.advance(timedelta(seconds=3))
    errors = [ExchangeErrorRecorded("a", None, "first", ""), ExchangeErrorRecorded("b", -1, "second", "")]

    write.append(errors, Source.BOT, correlation_id="corr-1", causation_id="cmd-1")

    stored = [s.event for s in events.read_after(0, 10)]
    assert [e.event_id for e in stored] == ["id-00000001", "id-00000002"]
    assert {e.ts for e in stored} == {START + timedelta(seconds=3)}
    assert {(e.scope, e.source, e.correlation_id, e.causation_id) for e in stored} == {
        (SCOPE, Source.BOT, "corr-1", "cmd-1")
    }
    assert [e.payload for e in stored] == errors


def test_a_fact_without_a_cause_correlates_with_itself() -> None:
    write, events, _ = writer()

    write.append([ExchangeErrorRecorded("a", None, "m", "")], Source.WS)

    [stored] = events.read_after(0, 10)
    assert (stored.event.correlation_id, stored.event.causation_id) == ("id-00000001", None)


def test_a_natural_id_is_kept_so_writing_the_same_fact_again_stores_nothing() -> None:
    write, events, _ = writer()
    rejected = ExchangeErrorRecorded("settle unknown order", -2013, "gone", "ae-1")

    first = write.append([rejected], Source.BOT, event_ids=["abandoned/ae-1"])
    again = write.append([rejected], Source.BOT, event_ids=["abandoned/ae-1"])

    assert [(a.seq, a.stored) for a in first + again] == [(1, True), (1, False)]
    [stored] = events.read_after(0, 10)
    assert stored.event.dedup_key == f"{ExchangeErrorRecorded.TYPE}:abandoned/ae-1"


def test_a_payload_with_a_natural_key_dedups_by_it_whatever_its_id() -> None:
    write, events, _ = writer()
    change = ConfigChanged("risk", 3, "{}", "web")

    write.append([change], Source.BOT)
    write.append([change], Source.BOT)

    [stored] = events.read_after(0, 10)
    assert stored.event.dedup_key == f"{SCOPE.symbol}:config:risk:3"


def test_ids_that_do_not_match_the_payloads_are_refused_before_anything_is_written() -> None:
    write, events, _ = writer()

    with pytest.raises(ValueError, match="event_ids: 1 ids for 2 payloads"):
        write.append([ExchangeErrorRecorded("a", None, "m", "")] * 2, Source.BOT, event_ids=["only-one"])
    assert events.last_seq() == 0
