"""`alphaengine user list|disable|enable|delete` and `user api-key NAME|list|revoke`, run as users do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from entrypoints.web.security.api_keys import key_digest
from ports.user_store import Role
from tests.web.security.test_user_command import alphaengine, stored_keys, stored_user

PASSWORD = "correct horse battery\n"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "db.sqlite3"
    assert alphaengine(path, "user", "add", "alice", stdin=PASSWORD).returncode == 0
    assert alphaengine(path, "user", "add", "tom", "--role", "trader", stdin=PASSWORD).returncode == 0
    return path


def lines(text: str) -> list[list[str]]:
    return [line.split() for line in text.splitlines()]


def test_a_key_takes_the_scope_and_expiry_asked_for_and_the_owners_role_by_default(db: Path) -> None:
    scoped = alphaengine(db, "user", "api-key", "alice", "--role", "viewer", "--expires-in", "30", "--label", "ci")
    plain = alphaengine(db, "user", "api-key", "tom")

    assert (scoped.returncode, plain.returncode) == (0, 0), scoped.stderr + plain.stderr
    by_hash = {key.key_hash: key for key in stored_keys(db)}
    viewer = by_hash[key_digest(scoped.stdout.splitlines()[-1])]
    trader = by_hash[key_digest(plain.stdout.splitlines()[-1])]
    assert (viewer.user_name, viewer.label, viewer.role, trader.role) == ("alice", "ci", Role.VIEWER, Role.TRADER)
    assert viewer.expires_at is not None
    assert timedelta(days=29) < viewer.expires_at - datetime.now(UTC) <= timedelta(days=30)
    assert trader.expires_at is None and "(viewer, expires " in scoped.stdout and "never expires" in plain.stdout


def test_a_key_above_its_owners_role_is_refused_naming_role(db: Path) -> None:
    result = alphaengine(db, "user", "api-key", "tom", "--role", "admin")

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "alphaengine: error: --role: admin is above the role of 'tom' (trader); give trader or lower"
    )
    assert stored_keys(db) == []


@pytest.mark.parametrize(
    ("flags", "field"),
    [
        (["--expires-in", "0"], "--expires-in: must be a whole number of days from 1 to 3650"),
        (["--expires", "2001-01-01T00:00:00Z"], "--expires: '2001-01-01T00:00:00Z' is not in the future"),
        (["--expires", "2030-01-01T00:00:00"], "has no time zone"),
        (["--label", "x" * 65], "--label: must be at most 64 characters"),
    ],
    ids=["zero-days", "past", "no-zone", "long-label"],
)
def test_an_expiry_or_label_out_of_bounds_is_a_configuration_error_naming_it(
    db: Path, flags: list[str], field: str
) -> None:
    result = alphaengine(db, "user", "api-key", "tom", *flags)

    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1 and field in result.stderr
    assert stored_keys(db) == []


def test_keys_are_listed_and_revoked_and_stay_listed_as_revoked(db: Path) -> None:
    alphaengine(db, "user", "api-key", "alice", "--label", "ci")
    alphaengine(db, "user", "api-key", "tom", "--label", "cron")
    tom_key = next(key.key_id for key in stored_keys(db) if key.user_name == "tom")

    revoked = alphaengine(db, "user", "api-key", "revoke", tom_key)
    again = alphaengine(db, "user", "api-key", "revoke", tom_key)
    every = alphaengine(db, "user", "api-key", "list")
    toms = alphaengine(db, "user", "api-key", "list", "tom")

    assert (revoked.returncode, again.returncode) == (0, 0)
    assert f"revoked API key {tom_key} of 'tom'" in revoked.stdout and "already revoked" in again.stdout
    header, *rows = lines(every.stdout)
    assert header[:5] == ["ID", "USER", "LABEL", "ROLE", "STATUS"]
    assert sorted((row[1], row[2], row[3], row[4]) for row in rows) == [
        ("alice", "ci", "admin", "active"),
        ("tom", "cron", "trader", "revoked"),
    ]
    assert [row[0] for row in lines(toms.stdout)[1:]] == [tom_key]


def test_revoking_an_unknown_key_or_listing_an_unknown_user_fails_naming_it(db: Path) -> None:
    revoke = alphaengine(db, "user", "api-key", "revoke", "nokey1")
    listing = alphaengine(db, "user", "api-key", "list", "ghost")

    assert revoke.returncode == 1 and "KEY_ID: no API key 'nokey1'" in revoke.stderr
    assert listing.returncode == 1 and "NAME: no user named 'ghost'" in listing.stderr


def test_list_and_revoke_refuse_the_options_of_making_a_key(db: Path) -> None:
    result = alphaengine(db, "user", "api-key", "list", "--role", "viewer")

    assert result.returncode == 2 and "--role: only for making a key" in result.stderr


def test_a_user_named_like_an_action_gets_its_key_through_create(db: Path) -> None:
    alphaengine(db, "user", "add", "list", "--role", "viewer", stdin=PASSWORD)

    result = alphaengine(db, "user", "api-key", "create", "list")

    assert result.returncode == 0, result.stderr
    assert [key.user_name for key in stored_keys(db)] == ["list"]


def test_user_list_shows_role_disabled_created_and_live_keys(db: Path) -> None:
    alphaengine(db, "user", "api-key", "tom")
    alphaengine(db, "user", "api-key", "tom")
    alphaengine(db, "user", "api-key", "revoke", stored_keys(db)[0].key_id)
    alphaengine(db, "user", "disable", "tom")

    result = alphaengine(db, "user", "list")

    header, alice, tom = lines(result.stdout)
    assert header == ["NAME", "ROLE", "DISABLED", "CREATED", "KEYS"]
    assert (alice[0], alice[1], alice[2], alice[4]) == ("alice", "admin", "-", "0")
    assert (tom[0], tom[1], tom[4]) == ("tom", "trader", "1") and tom[2].endswith("Z")


def test_disable_and_enable_a_user(db: Path) -> None:
    disabled = alphaengine(db, "user", "disable", "tom")
    twice = alphaengine(db, "user", "disable", "tom")
    assert stored_user(db, "tom").disabled_at is not None

    enabled = alphaengine(db, "user", "enable", "tom")

    assert (disabled.returncode, twice.returncode, enabled.returncode) == (0, 0, 0)
    assert "disabled: it can no longer log in" in disabled.stdout and "already disabled since" in twice.stdout
    assert "web user 'tom' enabled" in enabled.stdout and stored_user(db, "tom").disabled_at is None


def test_disabling_an_unknown_user_fails_naming_it(db: Path) -> None:
    result = alphaengine(db, "user", "disable", "ghost")

    assert result.returncode == 1 and result.stderr.strip().startswith("alphaengine: error: NAME: no user named")


def test_delete_needs_yes_and_then_removes_the_user_and_its_keys(db: Path) -> None:
    alphaengine(db, "user", "api-key", "tom")
    alphaengine(db, "user", "api-key", "alice")

    refused = alphaengine(db, "user", "delete", "tom")
    assert refused.returncode == 2 and "--yes: deleting 'tom' and its API keys cannot be undone" in refused.stderr
    assert stored_user(db, "tom") is not None

    deleted = alphaengine(db, "user", "delete", "tom", "--yes")

    assert deleted.returncode == 0 and "deleted web user 'tom' and its 1 API key(s)" in deleted.stdout
    assert stored_user(db, "tom") is None
    assert [key.user_name for key in stored_keys(db)] == ["alice"]
    missing = alphaengine(db, "user", "delete", "tom", "--yes")
    assert missing.returncode == 1 and "no user named 'tom'" in missing.stderr
