"""LoginAttempts contract: sliding-window counting, withdrawal and pruning behave the same in memory and in SQLite."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory.login_attempts import InMemoryLoginAttempts
from adapters.sqlite.login_attempts import SqliteLoginAttempts
from ports.login_attempts import LoginAttempts
from tests.contract.conftest import IMPLEMENTATIONS
from tests.contract.samples import at

MINUTE = timedelta(seconds=60)


@pytest.fixture(params=IMPLEMENTATIONS)
def attempts(request: pytest.FixtureRequest) -> LoginAttempts:
    if request.param == "memory":
        return InMemoryLoginAttempts()
    return SqliteLoginAttempts(request.getfixturevalue("sqlite_connection"))


def test_attempts_are_allowed_up_to_the_limit_then_refused_with_when_the_oldest_leaves(attempts: LoginAttempts) -> None:
    results = [attempts.try_attempt("client:10.0.0.1", at(n * 10), 3, MINUTE) for n in range(4)]

    assert results == [None, None, None, at(60)]


def test_a_refused_attempt_is_not_recorded(attempts: LoginAttempts) -> None:
    for n in range(2):
        attempts.try_attempt("k", at(n), 2, MINUTE)

    assert attempts.try_attempt("k", at(30), 2, MINUTE) == at(60)
    assert attempts.try_attempt("k", at(59), 2, MINUTE) == at(60)
    assert attempts.try_attempt("k", at(60), 2, MINUTE) is None
    assert attempts.try_attempt("k", at(60.5), 2, MINUTE) == at(61)


def test_keys_are_counted_apart(attempts: LoginAttempts) -> None:
    attempts.try_attempt("client:10.0.0.1", at(0), 1, MINUTE)

    assert attempts.try_attempt("client:10.0.0.2", at(0), 1, MINUTE) is None
    assert attempts.try_attempt("account:alice", at(0), 1, MINUTE) is None
    assert attempts.try_attempt("client:10.0.0.1", at(1), 1, MINUTE) == at(60)


def test_an_attempt_exactly_one_window_old_no_longer_counts(attempts: LoginAttempts) -> None:
    attempts.try_attempt("k", at(0), 1, MINUTE)

    assert attempts.try_attempt("k", at(60), 1, MINUTE) is None


def test_a_lower_limit_waits_for_enough_attempts_to_leave(attempts: LoginAttempts) -> None:
    for n in range(4):
        attempts.try_attempt("k", at(n), 5, MINUTE)

    assert attempts.try_attempt("k", at(10), 2, MINUTE) == at(62)


def test_withdrawing_removes_one_attempt_of_that_key_at_that_time(attempts: LoginAttempts) -> None:
    attempts.try_attempt("account:alice", at(0), 2, MINUTE)
    attempts.try_attempt("account:alice", at(0), 2, MINUTE)
    attempts.try_attempt("account:bob", at(0), 2, MINUTE)

    assert attempts.withdraw("account:alice", at(0)) is True
    assert attempts.withdraw("account:alice", at(5)) is False
    assert attempts.withdraw("account:carol", at(0)) is False
    assert attempts.try_attempt("account:alice", at(1), 2, MINUTE) is None
    assert attempts.try_attempt("account:alice", at(2), 2, MINUTE) == at(60)
    assert attempts.try_attempt("account:bob", at(2), 1, MINUTE) == at(60)


def test_forget_drops_attempts_at_or_before_the_time(attempts: LoginAttempts) -> None:
    for n in range(4):
        attempts.try_attempt(f"k{n}", at(n), 1, MINUTE)

    assert attempts.forget(at(1), keep=100) == 2
    assert attempts.try_attempt("k0", at(2), 1, MINUTE) is None
    assert attempts.try_attempt("k2", at(3), 1, MINUTE) == at(62)


def test_forget_keeps_at_most_the_newest_rows(attempts: LoginAttempts) -> None:
    for n in range(5):
        attempts.try_attempt(f"k{n}", at(n), 1, MINUTE)

    assert attempts.forget(at(-1), keep=2) == 3
    assert [attempts.try_attempt(f"k{n}", at(10), 1, MINUTE) is None for n in range(5)] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_forget_with_nothing_to_drop_drops_nothing(attempts: LoginAttempts) -> None:
    attempts.try_attempt("k", at(0), 1, MINUTE)

    assert attempts.forget(at(-1), keep=10) == 0


@pytest.mark.parametrize("key", ["", "x" * 201])
def test_a_bad_key_is_refused(attempts: LoginAttempts, key: str) -> None:
    with pytest.raises(ValueError, match="key must be 1-200 characters"):
        attempts.try_attempt(key, at(0), 1, MINUTE)


def test_a_bad_limit_or_window_is_refused(attempts: LoginAttempts) -> None:
    with pytest.raises(ValueError, match="rate limit"):
        attempts.try_attempt("k", at(0), 0, MINUTE)
    with pytest.raises(ValueError, match="rate limit"):
        attempts.try_attempt("k", at(0), 1, timedelta(0))
