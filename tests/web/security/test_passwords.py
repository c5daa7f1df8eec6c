"""Password hashes: salted scrypt in a self-describing format, verified in constant time, never raising."""

from __future__ import annotations

import pytest

from entrypoints.web.security.passwords import (
    DEFAULT_PARAMS,
    ScryptParams,
    hash_password,
    needs_rehash,
    verify_password,
)
from tests.web.security.conftest import FAST


def test_a_hash_verifies_its_own_password_and_no_other() -> None:
    stored = hash_password("correct horse", FAST)

    assert verify_password("correct horse", stored) is True
    assert verify_password("correct horsE", stored) is False
    assert verify_password("", stored) is False


def test_the_stored_form_names_the_algorithm_and_its_parameters() -> None:
    stored = hash_password("correct horse", ScryptParams(log_n=9, r=4, p=2))

    algorithm, params, salt, digest = stored.split("$")

    assert (algorithm, params) == ("scrypt", "ln=9,r=4,p=2")
    assert len(salt) == 22 and len(digest) == 43  # 16 and 32 bytes, unpadded base64
    assert "correct horse" not in stored


def test_the_default_cost_is_an_owasp_listed_scrypt_setting() -> None:
    assert (2**DEFAULT_PARAMS.log_n, DEFAULT_PARAMS.r, DEFAULT_PARAMS.p) == (32768, 8, 3)
    assert hash_password("correct horse").startswith("scrypt$ln=15,r=8,p=3$")


def test_hashing_the_same_password_twice_uses_two_salts() -> None:
    assert hash_password("correct horse", FAST) != hash_password("correct horse", FAST)


def test_a_hash_made_with_other_parameters_still_verifies_and_asks_for_a_rehash() -> None:
    old = hash_password("correct horse", ScryptParams(log_n=6, r=8, p=1))

    assert verify_password("correct horse", old)
    assert needs_rehash(old, FAST) is True
    assert needs_rehash(hash_password("correct horse", FAST), FAST) is False


@pytest.mark.parametrize(
    "stored",
    ["", "plain", "scrypt$ln=15,r=8,p=1$***$***", "scrypt$ln=99,r=8,p=1$c2FsdA$aGFzaA", "bcrypt$2b$12$abc"],
    ids=["empty", "plain-text", "bad-base64", "absurd-cost", "other-algorithm"],
)
def test_a_malformed_stored_hash_never_matches(stored: str) -> None:
    assert verify_password("plain", stored) is False
    assert needs_rehash(stored) is True


@pytest.mark.parametrize("password", ["short", "x" * 1025], ids=["too-short", "too-long"])
def test_a_password_outside_8_to_1024_characters_cannot_be_set(password: str) -> None:
    with pytest.raises(ValueError, match="8 to 1024 characters"):
        hash_password(password, FAST)


def test_a_long_passphrase_of_64_characters_is_accepted() -> None:
    passphrase = "a sentence long enough to be a good passphrase, sixty-four chars"

    assert verify_password(passphrase, hash_password(passphrase, FAST))


def test_scrypt_parameters_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError, match="out of range"):
        ScryptParams(log_n=30)
