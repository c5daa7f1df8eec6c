"""Password hashes: argon2id at explicit costs in PHC form, never raising; scrypt ones verify and migrate."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, extract_parameters
from pytest_mock import MockerFixture

from entrypoints.web.security.passwords import (
    DEFAULT_PARAMS,
    Argon2Params,
    burn_time,
    hash_password,
    needs_rehash,
    verify_password,
)
from entrypoints.web.security.scrypt_hashes import ScryptParams, hash_scrypt
from tests.web.security.conftest import FAST


def test_a_hash_verifies_its_own_password_and_no_other() -> None:
    stored = hash_password("correct horse", FAST)

    assert verify_password("correct horse", stored) is True
    assert verify_password("correct horsE", stored) is False
    assert verify_password("", stored) is False


def test_the_stored_form_is_argon2id_naming_its_parameters() -> None:
    stored = hash_password("correct horse", Argon2Params(time_cost=2, memory_kib=16, parallelism=2))

    _, algorithm, version, params, salt, digest = stored.split("$")

    assert (algorithm, version, params) == ("argon2id", "v=19", "m=16,t=2,p=2")
    assert len(salt) == 22 and len(digest) == 43  # 16 and 32 bytes, unpadded base64
    assert "correct horse" not in stored


def test_the_default_cost_is_rfc_9106s_second_recommended_option() -> None:
    assert (DEFAULT_PARAMS.time_cost, DEFAULT_PARAMS.memory_kib, DEFAULT_PARAMS.parallelism) == (3, 65536, 4)
    found = extract_parameters(hash_password("correct horse"))
    assert (found.time_cost, found.memory_cost, found.parallelism) == (3, 65536, 4)


def test_hashing_the_same_password_twice_uses_two_salts() -> None:
    assert hash_password("correct horse", FAST) != hash_password("correct horse", FAST)


def test_an_argon2id_hash_made_with_other_parameters_still_verifies_and_asks_for_a_rehash() -> None:
    old = hash_password("correct horse", Argon2Params(time_cost=2, memory_kib=8, parallelism=1))

    assert verify_password("correct horse", old)
    assert needs_rehash(old, FAST) is True
    assert needs_rehash(hash_password("correct horse", FAST), FAST) is False


def test_a_scrypt_hash_from_before_argon2id_still_verifies_and_always_asks_for_a_rehash() -> None:
    old = hash_scrypt("correct horse", ScryptParams(log_n=6, r=8, p=1))

    assert old.startswith("scrypt$ln=6,r=8,p=1$")
    assert verify_password("correct horse", old) is True
    assert verify_password("correct horsE", old) is False
    assert needs_rehash(old, FAST) is True and needs_rehash(old) is True


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain",
        "scrypt$ln=15,r=8,p=1$***$***",
        "scrypt$ln=99,r=8,p=1$c2FsdA$aGFzaA",
        "$argon2id$v=19$m=8,t=1,p=1$***$***",
        "$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "bcrypt$2b$12$abc",
    ],
    ids=["empty", "plain-text", "bad-base64", "absurd-cost", "argon2-bad-base64", "argon2-4gib", "argon2i", "bcrypt"],
)
def test_a_malformed_or_foreign_stored_hash_never_matches(stored: str) -> None:
    assert verify_password("plain", stored) is False
    assert needs_rehash(stored) is True


@pytest.mark.parametrize("password", ["", "x" * 1025], ids=["empty", "too-long"])
def test_an_empty_or_over_long_password_is_never_hashed(password: str) -> None:
    with pytest.raises(ValueError, match="1 to 1024 characters"):
        hash_password(password, FAST)


def test_an_over_long_candidate_never_matches() -> None:
    assert verify_password("x" * 1025, hash_password("x" * 1024, FAST)) is False


def test_a_short_old_password_can_still_be_rehashed_at_login() -> None:
    # The policy guards setting a password; a login must migrate whatever password it verified
    assert verify_password("aaaaaaaa", hash_password("aaaaaaaa", FAST))


def test_a_long_passphrase_of_64_characters_is_accepted() -> None:
    passphrase = "a sentence long enough to be a good passphrase, sixty-four chars"

    assert verify_password(passphrase, hash_password(passphrase, FAST))


@pytest.mark.parametrize(
    "params",
    [
        {"time_cost": 0},
        {"memory_kib": 4},
        {"memory_kib": 8, "parallelism": 2},
        {"memory_kib": 2 * 1024 * 1024},
        {"parallelism": 65},
    ],
    ids=["no-pass", "under-8-kib", "under-8-kib-a-lane", "2-gib", "65-lanes"],
)
def test_argon2id_parameters_out_of_range_are_refused(params: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="out of range"):
        Argon2Params(**params)


def test_scrypt_parameters_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError, match="out of range"):
        ScryptParams(log_n=30)


def test_burning_time_runs_one_real_argon2id_verification(mocker: MockerFixture) -> None:
    verify = mocker.spy(PasswordHasher, "verify")

    burn_time("any guess", FAST)

    assert verify.call_count == 1
    [_, stored, guess] = verify.call_args.args
    assert stored.startswith("$argon2id$v=19$m=8,t=1,p=1$") and guess == "any guess"
