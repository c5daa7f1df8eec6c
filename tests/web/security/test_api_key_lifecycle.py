"""An API key's scope, expiry, revocation and last use, and a disabled owner, decided at every request."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory.clock import ManualClock
from adapters.memory.session_store import InMemorySessionStore
from adapters.memory.user_store import InMemoryUserStore
from entrypoints.web.security import SecuritySettings
from entrypoints.web.security.api_keys import KeyRefused, expiry_at, expiry_in_days, key_label, key_scope, new_api_key
from entrypoints.web.security.authenticate import Authenticator, AuthFailure
from entrypoints.web.security.principal import Via
from entrypoints.web.security.sessions import Sessions
from entrypoints.web.security.tokens import TokenIssuer
from ports.errors import StorageError
from ports.user_store import Role, User
from tests.web.security.conftest import SECRET, Site

HASH = "scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA"
CLIENT = "198.51.100.7"


class Rig:
    def __init__(self) -> None:
        self.clock = ManualClock()
        self.users = InMemoryUserStore()
        self.tokens = TokenIssuer(SECRET, self.clock, timedelta(hours=1))
        self.sessions = Sessions(InMemorySessionStore(), self.users, self.tokens, self.clock, SecuritySettings())
        self.authenticator = Authenticator(self.users, self.tokens, self.sessions, self.clock)

    def user(self, name: str, role: Role) -> None:
        self.users.add_user(User(name, HASH, self.clock.now(), role))

    def key(self, owner: str, role: Role = Role.ADMIN, expires_in: timedelta | None = None) -> str:
        expires_at = None if expires_in is None else self.clock.now() + expires_in
        text, record = new_api_key(owner, "ci", self.clock.now(), role, expires_at)
        self.users.add_api_key(record)
        return text

    def by_key(self, text: str, address: str = CLIENT):
        return self.authenticator.authenticate({"X-API-Key": text}, {}, tls=False, address=address)

    def by_token(self, name: str):
        grant = self.sessions.begin(name, CLIENT, "test")
        return self.authenticator.authenticate(
            {"Authorization": f"Bearer {grant.token}"}, {}, tls=False, address=CLIENT
        )


@pytest.fixture
def rig() -> Rig:
    return Rig()


@pytest.mark.parametrize(
    ("owner", "scope", "effective"),
    [
        (Role.ADMIN, Role.VIEWER, Role.VIEWER),
        (Role.ADMIN, Role.TRADER, Role.TRADER),
        (Role.TRADER, Role.TRADER, Role.TRADER),
        (Role.TRADER, Role.ADMIN, Role.TRADER),
        (Role.VIEWER, Role.ADMIN, Role.VIEWER),
    ],
)
def test_a_key_acts_with_the_lower_of_its_scope_and_its_owners_role(
    rig: Rig, owner: Role, scope: Role, effective: Role
) -> None:
    rig.user("bot", owner)

    principal = rig.by_key(rig.key("bot", scope))

    assert (principal.name, principal.via, principal.role) == ("bot", Via.API_KEY, effective)


def test_lowering_the_owners_role_lowers_its_keys_at_the_next_request(rig: Rig) -> None:
    rig.user("bot", Role.ADMIN)
    key = rig.key("bot", Role.ADMIN)
    assert rig.by_key(key).role is Role.ADMIN

    rig.users.set_role("bot", Role.VIEWER)

    assert rig.by_key(key).role is Role.VIEWER


def test_an_expired_key_is_refused_from_its_expiry_on_saying_so(rig: Rig) -> None:
    rig.user("bot", Role.TRADER)
    key = rig.key("bot", Role.TRADER, expires_in=timedelta(days=1))
    rig.clock.advance(timedelta(days=1) - timedelta(seconds=1))
    assert rig.by_key(key).role is Role.TRADER

    rig.clock.advance(1)

    with pytest.raises(AuthFailure, match=r"the API key [a-z0-9]+ expired at .*; ask for a new key"):
        rig.by_key(key)


def test_a_revoked_key_is_refused_at_its_next_request_saying_so(rig: Rig) -> None:
    rig.user("bot", Role.TRADER)
    key = rig.key("bot")
    assert rig.by_key(key).name == "bot"

    rig.users.revoke_api_key(rig.users.api_keys()[0].key_id, rig.clock.now())

    with pytest.raises(AuthFailure, match=r"the API key [a-z0-9]+ was revoked at .*; ask for a new key"):
        rig.by_key(key)


def test_a_disabled_owner_stops_its_keys_and_sessions_until_enabled(rig: Rig) -> None:
    rig.user("bot", Role.TRADER)
    key = rig.key("bot")

    rig.users.set_disabled("bot", rig.clock.now())

    with pytest.raises(AuthFailure, match="the user 'bot' is disabled; an admin can enable it"):
        rig.by_key(key)
    with pytest.raises(AuthFailure, match="the user 'bot' is disabled"):
        rig.by_token("bot")
    rig.users.set_disabled("bot", None)
    assert (rig.by_key(key).name, rig.by_token("bot").name) == ("bot", "bot")


def test_a_removed_owner_takes_its_keys_with_it(rig: Rig) -> None:
    rig.user("bot", Role.TRADER)
    key = rig.key("bot")

    rig.users.remove_user("bot")

    with pytest.raises(AuthFailure, match="the API key is not valid"):
        rig.by_key(key)
    with pytest.raises(AuthFailure, match="no longer exists"):
        rig.by_token("bot")


def test_the_last_use_and_its_address_are_written_at_most_once_a_minute(rig: Rig) -> None:
    rig.user("bot", Role.TRADER)
    key = rig.key("bot")
    first = rig.clock.now()

    rig.by_key(key, "192.0.2.1")
    rig.clock.advance(59)
    rig.by_key(key, "192.0.2.2")
    after_59_s = rig.users.api_keys()[0]
    rig.clock.advance(1)
    rig.by_key(key, "192.0.2.3")

    assert (after_59_s.last_used_at, after_59_s.last_used_from) == (first, "192.0.2.1")
    stored = rig.users.api_keys()[0]
    assert (stored.last_used_at, stored.last_used_from) == (first + timedelta(seconds=60), "192.0.2.3")


def test_a_refused_key_records_no_use(rig: Rig) -> None:
    rig.user("bot", Role.TRADER)
    key = rig.key("bot")
    rig.users.revoke_api_key(rig.users.api_keys()[0].key_id, rig.clock.now())

    with pytest.raises(AuthFailure):
        rig.by_key(key)

    assert rig.users.api_keys()[0].last_used_at is None


class BusyStore(InMemoryUserStore):
    def record_api_key_use(self, *args: object) -> bool:
        raise StorageError("record the use: the database stayed locked past the busy timeout")


def test_a_store_that_cannot_record_the_use_still_lets_a_valid_key_in(caplog: pytest.LogCaptureFixture) -> None:
    rig = Rig()
    rig.users = BusyStore()
    rig.authenticator = Authenticator(rig.users, rig.tokens, rig.sessions, rig.clock)
    rig.user("bot", Role.VIEWER)

    assert rig.by_key(rig.key("bot")).role is Role.VIEWER
    assert "could not record the use of API key" in caplog.text


class TestNewKeyChecks:
    def test_a_scope_above_the_owners_role_is_refused_naming_the_field(self) -> None:
        owner = User("tom", HASH, ManualClock().now(), Role.TRADER)

        with pytest.raises(KeyRefused, match=r"^--role: admin is above the role of 'tom' \(trader\); give trader or"):
            key_scope(owner, Role.ADMIN, "--role")
        assert (key_scope(owner, Role.VIEWER, "--role"), key_scope(owner, None, "--role")) == (Role.VIEWER, Role.TRADER)

    @pytest.mark.parametrize("days", [0, -1, 3651, True])
    def test_an_expiry_outside_1_to_3650_days_is_refused(self, days: int) -> None:
        with pytest.raises(KeyRefused, match="^--expires-in: must be a whole number of days from 1 to 3650"):
            expiry_in_days(ManualClock().now(), days, "--expires-in")

    @pytest.mark.parametrize(
        ("text", "problem"),
        [
            ("tomorrow", "is not an ISO-8601 time"),
            ("2030-01-01T00:00:00", "has no time zone"),
            ("2000-01-01T00:00:00Z", "is not in the future"),
            ("2999-01-01T00:00:00Z", "more than 3650 days ahead"),
        ],
    )
    def test_an_expiry_time_must_be_a_zoned_future_time_within_ten_years(self, text: str, problem: str) -> None:
        with pytest.raises(KeyRefused, match=f"^--expires: .*{problem}"):
            expiry_at(ManualClock().now(), text, "--expires")

    def test_an_expiry_time_with_its_zone_is_kept_as_that_instant(self) -> None:
        now = ManualClock().now()
        moment = expiry_at(now, (now + timedelta(days=2)).isoformat(), "--expires")

        assert moment == now + timedelta(days=2)

    @pytest.mark.parametrize("label", ["x" * 65, "two\nlines"])
    def test_a_long_or_multi_line_label_is_refused(self, label: str) -> None:
        with pytest.raises(KeyRefused, match="^--label: "):
            key_label(label, "--label")


@pytest.mark.anyio
async def test_a_revoked_key_in_use_is_refused_on_its_very_next_call(site: Site) -> None:
    text, record = new_api_key("alice", "ci", site.clock.now(), Role.TRADER)
    site.users.add_api_key(record)
    assert (await site.client.get("/api/private", headers={"X-API-Key": text})).status_code == 200

    site.users.revoke_api_key(record.key_id, site.clock.now())
    response = await site.client.get("/api/private", headers={"X-API-Key": text})

    assert response.status_code == 401
    assert f"the API key {record.key_id} was revoked" in (await response.get_json())["error"]


@pytest.mark.anyio
async def test_a_disabled_user_cannot_log_in_and_its_open_session_stops(site: Site) -> None:
    token = await site.token("alice")

    site.users.set_disabled("alice", site.clock.now())
    refused = await site.client.get("/api/private", headers={"Authorization": f"Bearer {token}"})
    login = await site.login("alice")

    assert refused.status_code == 401 and "disabled" in (await refused.get_json())["error"]
    assert (login.status_code, await login.get_json()) == (401, {"error": "invalid username or password"})
