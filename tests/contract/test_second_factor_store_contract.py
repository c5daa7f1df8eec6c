"""SecondFactorStore contract: enrolment, activation, replay refusal, one-time recovery codes and step-up
confirmations behave the same in memory and in SQLite."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from adapters.memory.second_factor_store import InMemorySecondFactorStore
from adapters.memory.user_store import InMemoryUserStore
from adapters.sqlite.second_factor_store import SqliteSecondFactorStore
from adapters.sqlite.user_store import SqliteUserStore
from ports.second_factor_store import Confirmation, SecondFactor, SecondFactorStore
from ports.user_store import UnknownUser, User, UserStore
from tests.contract.conftest import IMPLEMENTATIONS
from tests.contract.samples import at

CODES = frozenset({"a" * 64, "b" * 64, "c" * 64})


@dataclass
class Stores:
    users: UserStore
    factors: SecondFactorStore


@pytest.fixture(params=IMPLEMENTATIONS)
def stores(request: pytest.FixtureRequest) -> Stores:
    if request.param == "memory":
        users: UserStore = InMemoryUserStore()
        found = Stores(users, InMemorySecondFactorStore(users))
    else:
        connection = request.getfixturevalue("sqlite_connection")
        found = Stores(SqliteUserStore(connection), SqliteSecondFactorStore(connection))
    found.users.add_user(User("alice", "scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA", at(0)))
    return found


def factor(sealed: str = "v1:sealed", codes: frozenset[str] = CODES) -> SecondFactor:
    return SecondFactor("alice", sealed, codes, at(1))


def active(stores: Stores, step: int = 100) -> SecondFactorStore:
    stores.factors.enrol(factor())
    assert stores.factors.enable("alice", step)
    return stores.factors


def test_an_enrolment_reads_back_pending(stores: Stores) -> None:
    stores.factors.enrol(factor())

    assert stores.factors.factor("alice") == factor()
    assert stores.factors.factor("bob") is None


def test_enrolling_an_unknown_user_is_refused(stores: Stores) -> None:
    with pytest.raises(UnknownUser):
        stores.factors.enrol(SecondFactor("bob", "v1:x", CODES, at(1)))


def test_enable_activates_once_and_records_the_step(stores: Stores) -> None:
    stores.factors.enrol(factor())

    assert stores.factors.enable("alice", 7)
    assert not stores.factors.enable("alice", 8)
    assert stores.factors.factor("alice") == SecondFactor("alice", "v1:sealed", CODES, at(1), enabled=True, last_step=7)


def test_a_re_enrolment_replaces_the_factor_and_its_codes_and_is_pending_again(stores: Stores) -> None:
    active(stores)

    stores.factors.enrol(factor("v1:other", frozenset({"d" * 64})))

    assert stores.factors.factor("alice") == factor("v1:other", frozenset({"d" * 64}))


def test_a_time_step_is_used_once_and_never_an_earlier_one(stores: Stores) -> None:
    factors = active(stores, step=100)

    assert not factors.use_step("alice", 100)
    assert factors.use_step("alice", 101)
    assert not factors.use_step("alice", 101)
    assert not factors.use_step("alice", 100)
    assert factors.use_step("alice", 103)


def test_a_pending_factor_takes_no_code(stores: Stores) -> None:
    stores.factors.enrol(factor())

    assert not stores.factors.use_step("alice", 5)
    assert not stores.factors.use_recovery_code("alice", "a" * 64)


def test_each_recovery_code_works_once(stores: Stores) -> None:
    factors = active(stores)

    assert factors.use_recovery_code("alice", "a" * 64)
    assert not factors.use_recovery_code("alice", "a" * 64)
    assert not factors.use_recovery_code("alice", "e" * 64)
    assert not factors.use_recovery_code("alice", "not a hash")
    found = factors.factor("alice")
    assert found is not None and found.recovery_hashes == {"b" * 64, "c" * 64}


def test_disable_removes_the_factor(stores: Stores) -> None:
    factors = active(stores)

    assert factors.disable("alice")
    assert not factors.disable("alice")
    assert factors.factor("alice") is None
    assert not factors.use_recovery_code("alice", "a" * 64)


def test_a_confirmation_holds_until_its_end(stores: Stores) -> None:
    stores.factors.confirm("jti-1", "alice", Confirmation.TOTP, at(300))

    assert stores.factors.confirmation("jti-1", at(299)) is Confirmation.TOTP
    assert stores.factors.confirmation("jti-1", at(300)) is None
    assert stores.factors.confirmation("jti-2", at(10)) is None


def test_a_later_confirmation_replaces_the_earlier(stores: Stores) -> None:
    stores.factors.confirm("jti-1", "alice", Confirmation.TOTP, at(300))
    stores.factors.confirm("jti-1", "alice", Confirmation.RECOVERY, at(100))

    assert stores.factors.confirmation("jti-1", at(200)) is None
    assert stores.factors.confirmation("jti-1", at(50)) is Confirmation.RECOVERY


def test_confirming_for_an_unknown_user_is_refused(stores: Stores) -> None:
    with pytest.raises(UnknownUser):
        stores.factors.confirm("jti-1", "bob", Confirmation.PASSWORD, at(300))


def test_forgetting_drops_only_ended_confirmations(stores: Stores) -> None:
    stores.factors.confirm("old", "alice", Confirmation.TOTP, at(100))
    stores.factors.confirm("new", "alice", Confirmation.TOTP, at(300))

    assert stores.factors.forget_confirmations(before=at(200)) == 1
    assert stores.factors.confirmation("new", at(150)) is Confirmation.TOTP
    assert stores.factors.confirmation("old", at(50)) is None


@pytest.mark.parametrize("step", [-1, True, "5"])
def test_a_time_step_must_be_a_non_negative_integer(stores: Stores, step: object) -> None:
    active(stores)

    with pytest.raises(ValueError, match="time-step"):
        stores.factors.use_step("alice", step)  # type: ignore[arg-type]  # the refusal of a wrong type is the point
