"""Which passwords may be set: 12 to 1024 characters, not common or patterned, not based on the user name (ADR 0084)."""

from __future__ import annotations

import pytest

from entrypoints.web.security.password_policy import PasswordRefused, check_password


@pytest.mark.parametrize(
    "password",
    ["correct horse battery staple", "Tr0ub4dor&3xyz", "  correct horse battery staple  ", "é" * 2 + " lune verte pré"],
    ids=["passphrase", "mixed-symbols", "spaces-kept", "non-ascii"],
)
def test_a_long_uncommon_password_is_accepted(password: str) -> None:
    check_password(password, "alice")
    check_password(password)


def test_64_and_1024_characters_are_accepted() -> None:
    check_password("a sentence long enough to be a good passphrase, sixty-four chars")
    check_password("a sentence long enough to be a good passphrase, sixty-four chars" * 16)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "password: shorter than 12 characters; choose a passphrase of four or more unrelated words"),
        ("Tr0ub4dor&3", "password: shorter than 12 characters"),
        ("x" * 1025, "password: longer than 1024 characters; choose a shorter passphrase"),
    ],
    ids=["short", "eleven", "too-long"],
)
def test_a_password_outside_12_to_1024_characters_is_refused(password: str, problem: str) -> None:
    with pytest.raises(PasswordRefused) as refused:
        check_password(password)

    assert str(refused.value).startswith(problem)


@pytest.mark.parametrize(
    ("password", "warning"),
    [
        ("aaaaaaaaaaaa", 'repeats like "aaa" are easy to guess'),
        ("Password1234", "this is similar to a commonly used password"),
        ("qwertyuiopasdf", "this is similar to a commonly used password"),
        ("123456789012", "too easy to guess"),
    ],
    ids=["repeat", "common", "keyboard-walk", "sequence"],
)
def test_a_common_or_patterned_password_is_refused_with_zxcvbns_advice(password: str, warning: str) -> None:
    with pytest.raises(PasswordRefused) as refused:
        check_password(password, "alice")

    message = str(refused.value)
    assert message.startswith("password: too easy to guess (") and warning in message
    assert "; add another word or two" in message.lower() or "; avoid" in message.lower()
    assert "\n" not in message


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("alice2024alice!", "contains the user name"),
        ("my name is ALICE, hello", "contains the user name"),
        ("ecilA-rules-the-world-1987", "based on the user name"),
        ("@l1ce-rules-the-world-1987", "based on the user name"),
    ],
    ids=["contains", "any-case", "reversed", "l33t"],
)
def test_a_password_based_on_the_user_name_is_refused(password: str, problem: str) -> None:
    with pytest.raises(PasswordRefused, match=f"^password: {problem}; choose a passphrase"):
        check_password(password, "alice")


def test_the_same_password_is_fine_for_another_user_and_a_very_short_name_is_not_looked_for() -> None:
    check_password("ecilA-rules-the-world-1987", "bob")
    check_password("correct horse battery staple", "a")  # an "a" would be found inside nearly every password


def test_a_refusal_is_a_value_error_for_callers_that_catch_those() -> None:
    with pytest.raises(ValueError, match="password: "):
        check_password("aaaaaaaaaaaa")
