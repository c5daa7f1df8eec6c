"""GET /api/events: newest first, filtered by type and time, paged; bad arguments are a 400 naming them."""

from __future__ import annotations

import pytest

from entrypoints.web.schemas.events import EventQueryArgs
from tests.harness.builders import T0, EventFactory
from tests.web.api.conftest import Api

pytestmark = pytest.mark.anyio


@pytest.fixture
def stored(api: Api) -> Api:
    events = EventFactory(start=T0)  # ts = T0+1s, T0+2s, ...
    api.store(events.balance(), events.trade(1), events.fee(1), events.trade(2), events.engine_state())
    return api


async def seqs(api: Api, query: str) -> list[int]:
    response = await api.get(f"/api/events{query}")
    assert response.status_code == 200, await response.get_data(as_text=True)
    return [event["seq"] for event in (await response.get_json())["events"]]


async def test_events_come_newest_first_with_their_envelope_and_payload(stored: Api) -> None:
    body = await (await stored.get("/api/events?limit=1")).get_json()

    event = body["events"][0]
    assert (body["limit"], body["offset"]) == (1, 0)
    assert (event["seq"], event["type"], event["source"]) == (5, "engine.state_changed.v1", "SIM")
    assert event["ts"] == "2026-01-05T12:00:05.000000Z"
    assert event["scope"]["symbol"] == "XRPUSDT"
    assert event["payload"] == {"state": "PAUSED", "reason": "paused by user", "command_id": None}


async def test_events_can_be_filtered_by_one_or_more_types(stored: Api) -> None:
    assert await seqs(stored, "?type=trade.executed.v1") == [4, 2]
    assert await seqs(stored, "?type=trade.executed.v1&type=fee.charged.v1") == [4, 3, 2]


async def test_events_can_be_filtered_by_an_inclusive_time_range(stored: Api) -> None:
    assert await seqs(stored, "?from=2026-01-05T12:00:02Z&to=2026-01-05T12:00:04Z") == [4, 3, 2]


async def test_a_time_without_an_offset_is_read_as_utc(stored: Api) -> None:
    assert await seqs(stored, "?from=2026-01-05T12:00:04") == [5, 4]


async def test_the_trds_filter_names_are_accepted_and_applied(stored: Api) -> None:
    """Scenario 9d of issue 11: event_type, from_ts and to_ts were refused with 400 ("unknown field")."""
    assert await seqs(stored, "?event_type=trade.executed.v1") == [4, 2]
    assert await seqs(stored, "?from_ts=2026-01-05T12:00:02Z&to_ts=2026-01-05T12:00:04Z") == [4, 3, 2]
    assert await seqs(stored, "?event_type=trade.executed.v1&from_ts=2026-01-05T12:00:03Z") == [4]
    # Both names at once: the types add up, a short bound and a TRD bound combine
    assert await seqs(stored, "?type=fee.charged.v1&event_type=trade.executed.v1&to_ts=2026-01-05T12:00:03Z") == [3, 2]
    assert await seqs(stored, "?from=2026-01-05T12:00:02Z&to_ts=2026-01-05T12:00:02Z") == [2]


async def test_an_instant_may_be_given_in_epoch_milliseconds(stored: Api) -> None:
    # 2026-01-05T12:00:04Z and 12:00:02Z
    assert await seqs(stored, "?from_ts=1767614404000") == [5, 4]
    assert await seqs(stored, "?to=1767614402000") == [2, 1]


async def test_events_page_with_limit_and_offset(stored: Api) -> None:
    assert await seqs(stored, "?limit=2&offset=1") == [4, 3]


async def test_a_full_page_names_the_before_seq_of_the_next_and_the_last_page_names_none(stored: Api) -> None:
    pages = []
    for query in ("?limit=2", "?limit=2&before_seq=4", "?limit=2&before_seq=2"):
        body = await (await stored.get(f"/api/events{query}")).get_json()
        pages.append(([event["seq"] for event in body["events"]], body["next_before_seq"]))

    assert pages == [([5, 4], 4), ([3, 2], 2), ([1], None)]


async def test_seq_bounds_are_exclusive_and_keep_the_trds_filters(stored: Api) -> None:
    assert await seqs(stored, "?after_seq=2") == [5, 4, 3]
    assert await seqs(stored, "?after_seq=1&before_seq=5") == [4, 3, 2]
    assert await seqs(stored, "?event_type=trade.executed.v1&before_seq=4") == [2]
    assert await seqs(stored, "?from_ts=2026-01-05T12:00:02Z&to_ts=2026-01-05T12:00:04Z&before_seq=4") == [3, 2]


async def test_keyset_paging_reaches_the_first_event_of_a_log_deeper_than_the_offset_cap(
    api: Api,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The cap lowered from a million so a log deeper than it stays small: what offset cannot reach, the cursor does
    [offset_cap] = EventQueryArgs._declared_fields["offset"].validators
    monkeypatch.setattr(offset_cap, "max", 100)
    events = EventFactory(start=T0)
    api.store(*(events.engine_state() for _ in range(350)))

    past_the_cap = await api.get("/api/events?limit=50&offset=101")
    walked: list[int] = []
    query = "?limit=50"
    while query:
        body = await (await api.get(f"/api/events{query}")).get_json()
        walked.extend(event["seq"] for event in body["events"])
        cursor = body["next_before_seq"]
        query = f"?limit=50&before_seq={cursor}" if cursor is not None else ""

    assert past_the_cap.status_code == 400
    assert walked == list(range(350, 0, -1))


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?type=order.exploded.v1", "type.0", "must be a known event type"),
        ("?limit=0", "limit", "must be between 1 and 1000"),
        ("?limit=many", "limit", "not a valid integer"),
        ("?offset=-1", "offset", "must be between 0 and 1000000"),
        ("?from=yesterday", "from", "not a valid datetime"),
        ("?from=2026-01-06T00:00:00Z&to=2026-01-05T00:00:00Z", "from", "must not be after 'to'"),
        ("?colour=red", "colour", "unknown field"),
        ("?event_type=order.exploded.v1", "event_type.0", "must be a known event type"),
        ("?from_ts=yesterday", "from_ts", "epoch milliseconds"),
        ("?to_ts=2534023008000000", "to_ts", "not a valid datetime"),
        ("?from=2026-01-05T00:00:00Z&from_ts=2026-01-05T00:00:00Z", "from_ts", "either from or from_ts"),
        ("?from_ts=2026-01-06T00:00:00Z&to=2026-01-05T00:00:00Z", "from_ts", "must not be after 'to'"),
        ("?" + "&".join(["type=reconciled.v1"] * 65), "type", "at most 64 times"),
        ("?before_seq=-1", "before_seq", "must be a seq between 0 and 9223372036854775807"),
        ("?after_seq=9223372036854775808", "after_seq", "must be a seq between 0 and"),
        ("?before_seq=newest", "before_seq", "not a valid integer"),
        ("?after_seq=5&before_seq=5", "after_seq", "must be less than before_seq"),
    ],
)
async def test_a_bad_argument_is_a_400_naming_it(api: Api, query: str, field: str, message: str) -> None:
    response = await api.get(f"/api/events{query}")

    body = await response.get_json()
    assert response.status_code == 400
    assert body["field"] == field
    assert message in body["error"]
