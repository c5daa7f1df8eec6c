"""SessionStore contract: start, rotation, ending, listing and pruning behave the same in memory and in SQLite."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta

import pytest

from adapters.memory.session_store import InMemorySessionStore
from adapters.sqlite.session_store import SqliteSessionStore
from ports.session_store import Ending, SessionStore, WebSession
from tests.contract.conftest import IMPLEMENTATIONS
from tests.contract.samples import at


@pytest.fixture(params=IMPLEMENTATIONS)
def sessions(request: pytest.FixtureRequest) -> SessionStore:
    if request.param == "memory":
        return InMemorySessionStore()
    return SqliteSessionStore(request.getfixturevalue("sqlite_connection"))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def login(number: int, user: str = "alice", seconds: float = 0) -> WebSession:
    return WebSession(
        f"session-{number:010d}", user, at(seconds), at(seconds), "203.0.113.7", "Firefox/130", digest(f"r{number}")
    )


def test_a_started_session_reads_back_whole(sessions: SessionStore) -> None:
    sessions.start(login(1), keep=10)

    assert sessions.get("session-0000000001") == login(1)
    assert sessions.get("session-0000000002") is None


def test_rotation_needs_the_current_hash_and_keeps_the_one_it_replaced(sessions: SessionStore) -> None:
    sessions.start(login(1), keep=10)

    assert sessions.rotate("session-0000000001", digest("r1"), digest("r2"), at(60)) is True
    assert sessions.rotate("session-0000000001", digest("r1"), digest("r3"), at(61)) is False
    rotated = sessions.get("session-0000000001")

    assert rotated == replace(
        login(1), refresh_hash=digest("r2"), previous_hash=digest("r1"), last_seen_at=at(60), rotated_at=at(60)
    )


def test_an_ended_session_neither_rotates_nor_ends_again(sessions: SessionStore) -> None:
    sessions.start(login(1), keep=10)

    assert sessions.end("session-0000000001", at(5), Ending.LOGOUT) is True
    assert sessions.end("session-0000000001", at(6), Ending.PASSWORD) is False
    assert sessions.rotate("session-0000000001", digest("r1"), digest("r2"), at(7)) is False
    ended = sessions.get("session-0000000001")

    assert ended is not None and (ended.ended_at, ended.ended_why) == (at(5), Ending.LOGOUT)


def test_ending_a_users_sessions_spares_the_one_kept_and_other_users(sessions: SessionStore) -> None:
    for number, user in ((1, "alice"), (2, "alice"), (3, "alice"), (4, "bob")):
        sessions.start(login(number, user, seconds=number), keep=10)

    assert sessions.end_sessions("alice", at(10), Ending.PASSWORD, keep="session-0000000002") == 2
    assert sessions.end_sessions("alice", at(11), Ending.ROLE) == 1

    assert sessions.sessions("alice") == []
    assert [s.session_id for s in sessions.sessions("bob")] == ["session-0000000004"]
    third = sessions.get("session-0000000003")
    assert third is not None and third.ended_why is Ending.PASSWORD


def test_the_users_sessions_are_listed_newest_first_without_ended_ones(sessions: SessionStore) -> None:
    for number in (1, 2, 3):
        sessions.start(login(number, seconds=number), keep=10)
    sessions.end("session-0000000002", at(9), Ending.LOGOUT)

    assert [s.session_id for s in sessions.sessions("alice")] == ["session-0000000003", "session-0000000001"]


def test_a_start_beyond_the_cap_ends_the_users_oldest_sessions(sessions: SessionStore) -> None:
    sessions.start(login(9, "bob"), keep=1)
    for number in (1, 2, 3):
        sessions.start(login(number, seconds=number), keep=2)

    assert [s.session_id for s in sessions.sessions("alice")] == ["session-0000000003", "session-0000000002"]
    oldest = sessions.get("session-0000000001")
    assert oldest is not None and (oldest.ended_at, oldest.ended_why) == (at(3), Ending.TOO_MANY)
    assert [s.session_id for s in sessions.sessions("bob")] == ["session-0000000009"]


def test_a_session_started_in_the_same_instant_as_the_others_is_never_the_one_ended(sessions: SessionStore) -> None:
    # Random ids order same-instant logins arbitrarily: the one just started must stay whatever its id
    for number in (5, 9, 1):
        sessions.start(login(number), keep=2)

    assert sessions.get("session-0000000001") is not None
    assert "session-0000000001" in [s.session_id for s in sessions.sessions("alice")]
    assert len(sessions.sessions("alice")) == 2


def test_prune_deletes_sessions_idle_or_old_enough_ended_or_not(sessions: SessionStore) -> None:
    sessions.start(login(1, seconds=0), keep=10)
    sessions.start(login(2, seconds=100), keep=10)
    sessions.start(login(3, seconds=200), keep=10)
    sessions.rotate("session-0000000001", digest("r1"), digest("x"), at(300))
    sessions.end("session-0000000003", at(250), Ending.LOGOUT)

    assert sessions.prune(seen_before=at(150), created_before=at(50)) == 2
    assert [sessions.get(f"session-000000000{n}") is None for n in (1, 2, 3)] == [True, True, False]


def test_a_session_is_live_until_idle_too_long_or_past_its_lifetime() -> None:
    session = replace(login(1), last_seen_at=at(100))
    idle, lifetime = timedelta(seconds=30), timedelta(seconds=120)

    assert session.ends_at(idle, lifetime) == at(120)
    assert [session.is_live(at(s), idle, lifetime) for s in (100, 119, 120)] == [True, True, False]
    assert session.is_live(at(129), timedelta(seconds=60), timedelta(hours=1)) is True
    assert replace(session, ended_at=at(101), ended_why=Ending.LOGOUT).is_live(at(101), idle, lifetime) is False


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"session_id": "short"}, "session id"),
        ({"client": "x" * 101}, "client"),
        ({"agent": "x" * 201}, "agent"),
        ({"refresh_hash": "nothex"}, "hash"),
        ({"ended_at": at(1)}, "ended"),
    ],
)
def test_a_session_out_of_bounds_is_refused_naming_the_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        replace(login(1), **change)
