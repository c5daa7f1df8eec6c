"""domain.text: the one rule for text that enters, and the escaping every log line and error message uses."""

from __future__ import annotations

import pytest

from domain.text import MAX_TEXT_LENGTH, NOT_CLEAN, find_bad_text, shown, text_problem, unstorable


@pytest.mark.parametrize("clean", ["sma_cross", "plain text, é 日本 €", "emoji \U0001f600", "a\\nb (a backslash)", ""])
def test_printable_text_of_any_script_enters(clean: str) -> None:
    assert text_problem(clean) is None
    assert shown(clean) == clean


@pytest.mark.parametrize(
    ("dirty", "escaped"),
    [
        ("line\nbreak", r"line\nbreak"),
        ("tab\there", r"tab\there"),
        ("nul\x00 del\x7f c1\x85", r"nul\x00 del\x7f c1\x85"),
        ("sep\u2028para\u2029", r"sep\u2028para\u2029"),
        ("bidi \u202eevil \u2066x\u2069", r"bidi \u202eevil \u2066x\u2069"),
        ("lone \ud800", r"lone \ud800"),
    ],
)
def test_controls_bidi_overrides_and_lone_surrogates_are_refused_and_shown_escaped(dirty: str, escaped: str) -> None:
    assert text_problem(dirty) == NOT_CLEAN
    assert shown(dirty) == escaped
    assert text_problem(shown(dirty)) is None


def test_length_is_bounded() -> None:
    assert text_problem("x" * MAX_TEXT_LENGTH) is None
    assert text_problem("x" * (MAX_TEXT_LENGTH + 1)) == f"must be at most {MAX_TEXT_LENGTH} characters"


def test_only_a_lone_surrogate_is_unstorable() -> None:
    assert unstorable("a\ud800b")
    assert not unstorable("a\nb \u202e")


def test_the_first_bad_string_is_named_by_its_dotted_path_without_quoting_it() -> None:
    body = {"type": "PauseEngine", "payload": {"reason": "ok", "tags": ["fine", "bad\u0007"]}}
    assert find_bad_text(body) == ("payload.tags.1", NOT_CLEAN)
    assert find_bad_text({"payload": {"reason": "fine"}}) is None
