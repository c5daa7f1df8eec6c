"""LeaseStore contract: one holder at a time, refusal names the holder, heartbeat extends, a crashed holder expires
or is taken over while its lease is unchanged; holder names give back their host and pid."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from adapters.sqlite.connection import open_database
from adapters.sqlite.lease import SqliteLeaseStore
from ports.lease import LeaseHeld, LeaseLost, LeaseStore, holder_name, holder_process
from tests.contract.samples import at

TTL = timedelta(seconds=10)
FIRST = "host-a/pid 101/1f2e"
SECOND = "host-b/pid 202/9c8d"
THIRD = "host-a/pid 303/77aa"


class TestAcquiring:
    def test_a_free_lease_is_granted_to_the_first_holder(self, lease_store: LeaseStore) -> None:
        attempt = lease_store.acquire(FIRST, TTL, at(0))

        assert attempt.granted is True
        assert attempt.lease.holder == FIRST
        assert (attempt.lease.acquired_at, attempt.lease.expires_at) == (at(0), at(10))
        assert lease_store.current() == attempt.lease

    def test_a_second_holder_is_refused_with_the_first_holder_named(self, lease_store: LeaseStore) -> None:
        first = lease_store.acquire(FIRST, TTL, at(0))

        refused = lease_store.acquire(SECOND, TTL, at(5))

        assert refused.granted is False
        assert refused.lease == first.lease
        assert FIRST in str(LeaseHeld(refused.lease))
        assert lease_store.current() == first.lease

    def test_acquiring_again_as_the_holder_renews_and_keeps_the_start(self, lease_store: LeaseStore) -> None:
        lease_store.acquire(FIRST, TTL, at(0))

        again = lease_store.acquire(FIRST, TTL, at(4))

        assert again.granted is True
        assert (again.lease.acquired_at, again.lease.renewed_at, again.lease.expires_at) == (at(0), at(4), at(14))

    def test_a_crashed_holders_lease_expires_after_its_ttl(self, lease_store: LeaseStore) -> None:
        lease_store.acquire(FIRST, TTL, at(0))

        just_before = lease_store.acquire(SECOND, TTL, at(9.999))
        at_expiry = lease_store.acquire(SECOND, TTL, at(10))

        assert just_before.granted is False
        assert at_expiry.granted is True and at_expiry.lease.holder == SECOND
        assert at_expiry.lease.acquired_at == at(10)

    @pytest.mark.parametrize(("holder", "ttl"), [("", TTL), ("  ", TTL), (FIRST, timedelta(0)), (FIRST, -TTL)])
    def test_a_nameless_holder_or_a_non_positive_ttl_is_refused(
        self,
        lease_store: LeaseStore,
        holder: str,
        ttl: timedelta,
    ) -> None:
        with pytest.raises(ValueError, match="holder|ttl"):
            lease_store.acquire(holder, ttl, at(0))

        assert lease_store.current() is None


class TestTakingOver:
    def test_an_unchanged_lease_is_taken_over_before_it_expires_and_starts_afresh(
        self, lease_store: LeaseStore
    ) -> None:
        dead = lease_store.acquire(FIRST, TTL, at(0)).lease

        attempt = lease_store.take_over(dead, SECOND, TTL, at(3))

        assert attempt.granted is True
        assert attempt.lease.holder == SECOND
        assert (attempt.lease.acquired_at, attempt.lease.renewed_at, attempt.lease.expires_at) == (at(3), at(3), at(13))
        assert lease_store.current() == attempt.lease

    def test_the_replaced_holder_learns_it_lost_the_lease_at_its_next_heartbeat(self, lease_store: LeaseStore) -> None:
        dead = lease_store.acquire(FIRST, TTL, at(0)).lease
        taken = lease_store.take_over(dead, SECOND, TTL, at(3)).lease

        with pytest.raises(LeaseLost, match=SECOND):
            lease_store.heartbeat(FIRST, at(4))

        assert lease_store.current() == taken

    def test_a_lease_renewed_since_it_was_read_is_not_taken_over(self, lease_store: LeaseStore) -> None:
        seen = lease_store.acquire(FIRST, TTL, at(0)).lease
        renewed = lease_store.heartbeat(FIRST, at(1))

        refused = lease_store.take_over(seen, SECOND, TTL, at(3))

        assert refused.granted is False
        assert refused.lease == renewed == lease_store.current()

    def test_a_lease_another_successor_took_first_is_not_taken_over(self, lease_store: LeaseStore) -> None:
        dead = lease_store.acquire(FIRST, TTL, at(0)).lease
        first_successor = lease_store.take_over(dead, THIRD, TTL, at(3)).lease

        refused = lease_store.take_over(dead, SECOND, TTL, at(3.5))

        assert refused.granted is False
        assert refused.lease == first_successor == lease_store.current()

    def test_a_released_or_expired_lease_is_granted_as_acquire_would(self, lease_store: LeaseStore) -> None:
        dead = lease_store.acquire(FIRST, TTL, at(0)).lease
        lease_store.release(FIRST)

        after_release = lease_store.take_over(dead, SECOND, TTL, at(1))
        after_expiry = lease_store.take_over(dead, THIRD, TTL, at(11))

        assert after_release.granted is True and after_release.lease.holder == SECOND
        assert after_expiry.granted is True and after_expiry.lease.holder == THIRD

    def test_taking_over_ones_own_lease_renews_it_as_acquire_would(self, lease_store: LeaseStore) -> None:
        ours = lease_store.acquire(FIRST, TTL, at(0)).lease

        again = lease_store.take_over(ours, FIRST, TTL, at(4))

        assert again.granted is True
        assert (again.lease.acquired_at, again.lease.expires_at) == (at(0), at(14))

    @pytest.mark.parametrize(("holder", "ttl"), [("", TTL), (SECOND, timedelta(0))])
    def test_a_nameless_successor_or_a_non_positive_ttl_is_refused(
        self,
        lease_store: LeaseStore,
        holder: str,
        ttl: timedelta,
    ) -> None:
        dead = lease_store.acquire(FIRST, TTL, at(0)).lease

        with pytest.raises(ValueError, match="holder|ttl"):
            lease_store.take_over(dead, holder, ttl, at(3))

        assert lease_store.current() == dead


class TestHolderNames:
    def test_a_holder_name_gives_back_its_host_and_pid(self) -> None:
        name = holder_name("build-7.example.org", 31337, "1f2e3d4c")

        assert name == "build-7.example.org/pid 31337/1f2e3d4c"
        assert holder_process(name) == ("build-7.example.org", 31337)

    @pytest.mark.parametrize(
        "name",
        [
            "",
            "host-a",
            "host-a/pid /1f2e",
            "host-a/pid 12x/1f2e",
            "/pid 12/1f2e",
            "host-a/pid 12",
            "host-a/process 12/1f2e",
            "host-a/pid 12/1f/2e",
        ],
    )
    def test_a_name_in_another_format_gives_no_process(self, name: str) -> None:
        assert holder_process(name) is None


class TestHeartbeat:
    def test_a_heartbeat_extends_the_lease_by_its_ttl(self, lease_store: LeaseStore) -> None:
        lease_store.acquire(FIRST, TTL, at(0))

        lease = lease_store.heartbeat(FIRST, at(8))

        assert (lease.renewed_at, lease.expires_at) == (at(8), at(18))
        assert lease_store.acquire(SECOND, TTL, at(12)).granted is False
        assert lease_store.current() == lease

    def test_a_late_heartbeat_keeps_the_lease_when_nobody_took_it(self, lease_store: LeaseStore) -> None:
        lease_store.acquire(FIRST, TTL, at(0))

        lease = lease_store.heartbeat(FIRST, at(30))

        assert lease.holder == FIRST and lease.expires_at == at(40)

    def test_a_heartbeat_after_another_holder_took_over_raises_lease_lost(self, lease_store: LeaseStore) -> None:
        lease_store.acquire(FIRST, TTL, at(0))
        taken = lease_store.acquire(SECOND, TTL, at(11)).lease

        with pytest.raises(LeaseLost, match=SECOND) as lost:
            lease_store.heartbeat(FIRST, at(12))

        assert lost.value.current == taken
        assert lease_store.current() == taken

    def test_a_heartbeat_without_any_lease_raises_lease_lost(self, lease_store: LeaseStore) -> None:
        with pytest.raises(LeaseLost, match="nobody holds it"):
            lease_store.heartbeat(FIRST, at(0))


class TestReleasing:
    def test_releasing_frees_the_lease_at_once(self, lease_store: LeaseStore) -> None:
        lease_store.acquire(FIRST, TTL, at(0))

        lease_store.release(FIRST)

        assert lease_store.current() is None
        assert lease_store.acquire(SECOND, TTL, at(1)).granted is True

    def test_releasing_someone_elses_lease_changes_nothing(self, lease_store: LeaseStore) -> None:
        held = lease_store.acquire(FIRST, TTL, at(0)).lease

        lease_store.release(SECOND)

        assert lease_store.current() == held


def test_two_connections_on_one_file_see_one_holder(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    first, second = open_database(path), open_database(path)
    try:
        bot_a, bot_b = SqliteLeaseStore(first), SqliteLeaseStore(second)

        granted = bot_a.acquire(FIRST, TTL, at(0))
        refused = bot_b.acquire(SECOND, TTL, at(1))
        bot_a.heartbeat(FIRST, at(9))
        still_refused = bot_b.acquire(SECOND, TTL, at(15))
        taken_over = bot_b.acquire(SECOND, TTL, at(19))

        assert granted.granted and not refused.granted and not still_refused.granted
        assert refused.lease.holder == FIRST
        assert taken_over.granted and bot_a.current() == taken_over.lease
        with pytest.raises(LeaseLost):
            bot_a.heartbeat(FIRST, at(20))
    finally:
        first.close()
        second.close()


def test_of_two_connections_taking_over_one_dead_holder_only_one_succeeds(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    first, second = open_database(path), open_database(path)
    try:
        dead = SqliteLeaseStore(first).acquire(FIRST, TTL, at(0)).lease

        winner = SqliteLeaseStore(first).take_over(dead, SECOND, TTL, at(3))
        loser = SqliteLeaseStore(second).take_over(dead, THIRD, TTL, at(3))

        assert winner.granted and not loser.granted
        assert loser.lease == winner.lease == SqliteLeaseStore(second).current()
    finally:
        first.close()
        second.close()
