"""UserStore contract: users and API keys behave the same in memory and in SQLite."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from adapters.memory.user_store import InMemoryUserStore
from adapters.sqlite.user_store import SqliteUserStore
from ports.user_store import ApiKey, ApiKeyExists, Role, UnknownUser, User, UserExists, UserStore
from tests.contract.conftest import IMPLEMENTATIONS
from tests.contract.samples import at

HASH = "scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA"


@pytest.fixture(params=IMPLEMENTATIONS)
def user_store(request: pytest.FixtureRequest) -> UserStore:
    if request.param == "memory":
        return InMemoryUserStore()
    return SqliteUserStore(request.getfixturevalue("sqlite_connection"))


def user(name: str = "alice", password_hash: str = HASH, n: int = 1) -> User:
    return User(name, password_hash, at(n))


def api_key(key_id: str = "k1a2b3c4", user_name: str = "alice", fill: str = "a") -> ApiKey:
    return ApiKey(key_id, fill * 64, user_name, "ci", at(2))


class TestUsers:
    def test_an_added_user_reads_back_equal(self, user_store: UserStore) -> None:
        user_store.add_user(user())

        assert user_store.get_user("alice") == user()

    def test_an_unknown_name_reads_as_none(self, user_store: UserStore) -> None:
        assert user_store.get_user("nobody") is None

    def test_adding_a_taken_name_raises_and_keeps_the_first(self, user_store: UserStore) -> None:
        user_store.add_user(user())

        with pytest.raises(UserExists, match="alice"):
            user_store.add_user(user(password_hash="other"))

        assert user_store.get_user("alice").password_hash == HASH

    def test_names_are_case_sensitive(self, user_store: UserStore) -> None:
        user_store.add_user(user("alice"))
        user_store.add_user(user("Alice"))

        assert user_store.get_user("ALICE") is None

    def test_users_are_listed_sorted_by_name(self, user_store: UserStore) -> None:
        for name in ("carol", "alice", "bob"):
            user_store.add_user(user(name))

        assert [u.name for u in user_store.users()] == ["alice", "bob", "carol"]

    def test_set_password_replaces_only_the_hash(self, user_store: UserStore) -> None:
        user_store.add_user(user())

        user_store.set_password("alice", "new-hash")

        assert user_store.get_user("alice") == User("alice", "new-hash", at(1))

    def test_a_user_keeps_the_role_it_was_added_with_and_set_role_changes_only_the_role(
        self, user_store: UserStore
    ) -> None:
        user_store.add_user(User("alice", HASH, at(1), Role.VIEWER))
        assert user_store.get_user("alice") == User("alice", HASH, at(1), Role.VIEWER)

        user_store.set_role("alice", Role.TRADER)

        assert user_store.get_user("alice") == User("alice", HASH, at(1), Role.TRADER)

    def test_a_user_added_without_a_role_is_an_admin_as_before_roles(self, user_store: UserStore) -> None:
        user_store.add_user(user())

        assert user_store.get_user("alice").role is Role.ADMIN

    def test_set_role_of_an_unknown_user_raises(self, user_store: UserStore) -> None:
        with pytest.raises(UnknownUser, match="bob"):
            user_store.set_role("bob", Role.VIEWER)

    def test_set_password_of_an_unknown_user_raises(self, user_store: UserStore) -> None:
        with pytest.raises(UnknownUser, match="bob"):
            user_store.set_password("bob", HASH)

    def test_times_in_other_zones_read_back_as_the_same_instant(self, user_store: UserStore) -> None:
        local = datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=timezone(timedelta(hours=9)))
        user_store.add_user(User("alice", HASH, local))

        assert user_store.get_user("alice").created_at == local


class TestUserValidation:
    @pytest.mark.parametrize("name", ["", "-alice", "a b", "x" * 65, "al\nice", "alice\n", "ålice"])
    def test_a_malformed_user_name_is_refused(self, name: str) -> None:
        with pytest.raises(ValueError, match="user name"):
            User(name, HASH, at(1))

    def test_an_empty_password_hash_is_refused(self) -> None:
        with pytest.raises(ValueError, match="password hash"):
            User("alice", "", at(1))

    def test_a_role_that_is_not_a_role_is_refused(self) -> None:
        with pytest.raises(ValueError, match="role must be one of viewer, trader, admin"):
            User("alice", HASH, at(1), "root")  # type: ignore[arg-type]

    def test_each_role_allows_what_the_roles_before_it_allow(self) -> None:
        assert [(a.value, b.value) for a in Role for b in Role if a.allows(b)] == [
            ("viewer", "viewer"),
            ("trader", "viewer"),
            ("trader", "trader"),
            ("admin", "viewer"),
            ("admin", "trader"),
            ("admin", "admin"),
        ]

    def test_a_naive_creation_time_is_refused(self) -> None:
        with pytest.raises(ValueError, match="timezone-aware"):
            User("alice", HASH, datetime(2026, 1, 1))

    @pytest.mark.parametrize(
        ("key_id", "key_hash"),
        [("K1", "a" * 64), ("k1a2b3c4", "A" * 64), ("k1a2b3c4", "a" * 63)],
        ids=["bad-id", "uppercase-hash", "short-hash"],
    )
    def test_a_malformed_api_key_is_refused(self, key_id: str, key_hash: str) -> None:
        with pytest.raises(ValueError, match="API key"):
            ApiKey(key_id, key_hash, "alice", "ci", at(1))


class TestApiKeys:
    def test_a_key_is_found_by_its_hash(self, user_store: UserStore) -> None:
        user_store.add_user(user())
        user_store.add_api_key(api_key())

        assert user_store.api_key_by_hash("a" * 64) == api_key()
        assert user_store.api_key_by_hash("b" * 64) is None

    def test_a_key_for_an_unknown_user_is_refused(self, user_store: UserStore) -> None:
        with pytest.raises(UnknownUser, match="alice"):
            user_store.add_api_key(api_key())

        assert user_store.api_keys() == []

    @pytest.mark.parametrize(("key_id", "fill"), [("k1a2b3c4", "b"), ("other1", "a")], ids=["same-id", "same-hash"])
    def test_a_key_whose_id_or_hash_is_taken_is_refused(self, user_store: UserStore, key_id: str, fill: str) -> None:
        user_store.add_user(user())
        user_store.add_api_key(api_key())

        with pytest.raises(ApiKeyExists):
            user_store.add_api_key(api_key(key_id, fill=fill))

        assert user_store.api_keys() == [api_key()]

    def test_keys_are_listed_by_id_and_removed_by_id(self, user_store: UserStore) -> None:
        user_store.add_user(user())
        user_store.add_api_key(api_key("zz99", fill="b"))
        user_store.add_api_key(api_key("aa11", fill="c"))

        assert [k.key_id for k in user_store.api_keys()] == ["aa11", "zz99"]
        assert user_store.remove_api_key("aa11") is True
        assert user_store.remove_api_key("aa11") is False
        assert user_store.api_key_by_hash("c" * 64) is None


class TestUserLifecycle:
    def test_a_user_is_enabled_until_disabled_and_enabled_again(self, user_store: UserStore) -> None:
        user_store.add_user(user())
        assert user_store.get_user("alice").disabled_at is None

        user_store.set_disabled("alice", at(5))
        assert user_store.get_user("alice") == User("alice", HASH, at(1), Role.ADMIN, at(5))

        user_store.set_disabled("alice", None)
        assert user_store.get_user("alice") == user()

    def test_a_user_added_disabled_reads_back_disabled(self, user_store: UserStore) -> None:
        user_store.add_user(User("alice", HASH, at(1), Role.VIEWER, at(2)))

        assert user_store.users() == [User("alice", HASH, at(1), Role.VIEWER, at(2))]

    def test_disabling_an_unknown_user_raises(self, user_store: UserStore) -> None:
        with pytest.raises(UnknownUser, match="bob"):
            user_store.set_disabled("bob", at(1))

    def test_removing_a_user_removes_its_keys_and_only_its_keys(self, user_store: UserStore) -> None:
        user_store.add_user(user("alice"))
        user_store.add_user(user("bob"))
        user_store.add_api_key(api_key("alice1", "alice", "a"))
        user_store.add_api_key(api_key("bob1", "bob", "b"))

        assert user_store.remove_user("alice") is True

        assert user_store.get_user("alice") is None
        assert [k.key_id for k in user_store.api_keys()] == ["bob1"]
        assert user_store.api_key_by_hash("a" * 64) is None
        assert user_store.remove_user("alice") is False


class TestApiKeyLifecycle:
    def test_scope_expiry_last_use_and_revocation_read_back_equal(self, user_store: UserStore) -> None:
        user_store.add_user(user())
        key = ApiKey("k1a2b3c4", "a" * 64, "alice", "ci", at(2), Role.VIEWER, at(9), at(3), "2001:db8::1", at(4))

        user_store.add_api_key(key)

        assert user_store.api_keys() == [key]

    def test_a_key_made_without_a_scope_is_an_admin_key_with_no_expiry_unused_and_live(
        self, user_store: UserStore
    ) -> None:
        user_store.add_user(user())
        user_store.add_api_key(api_key())

        stored = user_store.api_key_by_hash("a" * 64)
        assert (stored.role, stored.expires_at, stored.last_used_at, stored.last_used_from, stored.revoked_at) == (
            Role.ADMIN,
            None,
            None,
            None,
            None,
        )

    def test_revoking_keeps_the_key_listed_with_the_first_revocation_time(self, user_store: UserStore) -> None:
        user_store.add_user(user())
        user_store.add_api_key(api_key())

        assert user_store.revoke_api_key("k1a2b3c4", at(5)) is True
        assert user_store.revoke_api_key("k1a2b3c4", at(9)) is False
        assert user_store.revoke_api_key("nokey1", at(9)) is False

        assert user_store.api_key_by_hash("a" * 64).revoked_at == at(5)
        assert user_store.api_key_by_hash("a" * 64).status(at(5)) == "revoked"

    def test_a_use_is_recorded_at_most_once_per_period(self, user_store: UserStore) -> None:
        user_store.add_user(user())
        user_store.add_api_key(api_key())
        minute = timedelta(minutes=1)

        first = user_store.record_api_key_use("k1a2b3c4", at(10), "192.0.2.1", minute)
        soon = user_store.record_api_key_use("k1a2b3c4", at(69), "192.0.2.2", minute)
        stored_after_soon = user_store.api_key_by_hash("a" * 64)
        later = user_store.record_api_key_use("k1a2b3c4", at(70), "192.0.2.3", minute)

        assert (first, soon, later) == (True, False, True)
        assert (stored_after_soon.last_used_at, stored_after_soon.last_used_from) == (at(10), "192.0.2.1")
        stored = user_store.api_key_by_hash("a" * 64)
        assert (stored.last_used_at, stored.last_used_from) == (at(70), "192.0.2.3")

    def test_recording_the_use_of_an_unknown_key_records_nothing(self, user_store: UserStore) -> None:
        assert user_store.record_api_key_use("nokey1", at(1), "192.0.2.1", timedelta(minutes=1)) is False

    def test_an_overlong_address_is_refused(self, user_store: UserStore) -> None:
        user_store.add_user(user())
        user_store.add_api_key(api_key())

        with pytest.raises(ValueError, match="client address"):
            user_store.record_api_key_use("k1a2b3c4", at(1), "x" * 65, timedelta(minutes=1))


class TestApiKeyStatus:
    def test_a_key_is_active_until_it_expires_and_revocation_wins(self) -> None:
        key = ApiKey("k1a2b3c4", "a" * 64, "alice", "ci", at(1), expires_at=at(10))

        assert [key.status(at(9)), key.status(at(10))] == ["active", "expired"]
        assert ApiKey("k1a2b3c4", "a" * 64, "alice", "ci", at(1), revoked_at=at(5)).status(at(2)) == "revoked"

    def test_a_key_scope_that_is_not_a_role_is_refused(self) -> None:
        with pytest.raises(ValueError, match="role must be one of"):
            ApiKey("k1a2b3c4", "a" * 64, "alice", "ci", at(1), "root")  # type: ignore[arg-type]
