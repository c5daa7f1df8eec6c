"""IdentityStore contract: the first binding wins; a missing account is filled in once; a fresh store has none."""

from __future__ import annotations

import pytest

from domain.values import Mode
from ports.database_identity import DatabaseIdentity, IdentityStore

TESTNET = DatabaseIdentity(Mode.TESTNET, "3f2a9c01d4e5b6a7")


def test_nothing_is_bound_before_the_first_process(identity_store: IdentityStore) -> None:
    assert identity_store.read() is None


def test_the_first_binding_is_stored_and_returned(identity_store: IdentityStore) -> None:
    assert identity_store.bind(TESTNET) == TESTNET
    assert identity_store.read() == TESTNET


@pytest.mark.parametrize(
    "other",
    [
        DatabaseIdentity(Mode.SIM, "0011223344556677"),
        DatabaseIdentity(Mode.TESTNET, "ffffffffffffffff"),
        DatabaseIdentity(Mode.PRODUCTION, None),
    ],
)
def test_a_later_binding_gets_the_first_one_back_unchanged(
    identity_store: IdentityStore, other: DatabaseIdentity
) -> None:
    identity_store.bind(TESTNET)

    assert identity_store.bind(other) == TESTNET
    assert identity_store.read() == TESTNET


def test_an_unknown_account_is_filled_in_by_the_first_process_of_that_mode_that_knows_it(
    identity_store: IdentityStore,
) -> None:
    identity_store.bind(DatabaseIdentity(Mode.TESTNET, None))

    assert identity_store.bind(DatabaseIdentity(Mode.SIM, "0011223344556677")) == DatabaseIdentity(Mode.TESTNET, None)
    assert identity_store.bind(TESTNET) == TESTNET
    assert identity_store.bind(DatabaseIdentity(Mode.TESTNET, "ffffffffffffffff")) == TESTNET


def test_a_rebind_replaces_the_account_of_the_identity_it_expects_and_keeps_the_mode(
    identity_store: IdentityStore,
) -> None:
    identity_store.bind(TESTNET)

    rebound = identity_store.rebind(TESTNET, "ffffffffffffffff")

    assert rebound == DatabaseIdentity(Mode.TESTNET, "ffffffffffffffff")
    assert identity_store.read() == rebound
    assert identity_store.bind(TESTNET) == rebound, "the old key no longer binds: it is another account now"


@pytest.mark.parametrize(
    "expected",
    [
        DatabaseIdentity(Mode.TESTNET, "0011223344556677"),
        DatabaseIdentity(Mode.SIM, TESTNET.account),
        DatabaseIdentity(Mode.TESTNET, None),
    ],
)
def test_a_rebind_that_expects_another_identity_changes_nothing(
    identity_store: IdentityStore,
    expected: DatabaseIdentity,
) -> None:
    identity_store.bind(TESTNET)

    assert identity_store.rebind(expected, "ffffffffffffffff") == TESTNET
    assert identity_store.read() == TESTNET


def test_a_rebind_of_a_database_nobody_bound_binds_nothing(identity_store: IdentityStore) -> None:
    assert identity_store.rebind(TESTNET, "ffffffffffffffff") is None
    assert identity_store.read() is None
