"""The wire types of the message structures: decimals only from strings, integers never from floats, epoch ms → aware
UTC, text the engine may store; the same rules whether a message is read from parsed objects or from JSON text."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec import field

from adapters.binance.messages.base import Message, decode, load
from adapters.binance.messages.errors import MalformedPayload
from adapters.binance.messages.wire import Amount, BlankAmount, Grid, Id, UtcTimeOrUnset, amount
from domain.values import canonical
from tests.binance.support import error_of, utc


class Row(Message, frozen=True, kw_only=True):
    id: Id = field(name="id")


class Sample(Message, frozen=True, kw_only=True):
    amount: Amount | None = field(default=None, name="a")
    grid: Grid | None = field(default=None, name="g")
    blank: BlankAmount = field(default=None, name="b")
    number: Id | None = field(default=None, name="i")
    time: UtcTimeOrUnset = field(default=None, name="t")
    text: str | None = field(default=None, name="s")
    rows: tuple[Row, ...] = field(default=(), name="r")
    flag: bool = field(default=False, name="f")


def loaded(**wire: Any) -> Sample:
    return load(Sample, wire, "sample")


def problem(**wire: Any) -> str:
    return error_of(lambda: loaded(**wire), MalformedPayload)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.020", "0.02"),
        ("100.0", "100"),
        ("100", "100"),
        ("0.00000", "0"),
        ("-0.0", "0"),
        ("1E+2", "100"),
        ("-0.03900000", "-0.039"),
        ("122624.12345678", "122624.12345678"),
    ],
)
def test_canonical_decimals_drop_trailing_zeros_without_exponents(text: str, expected: str) -> None:
    assert str(canonical(Decimal(text))) == expected


def test_amounts_are_canonical_and_grid_sizes_keep_their_exponent() -> None:
    values = loaded(a="0.07600", g="0.10")

    assert (str(values.amount), str(values.grid)) == ("0.076", "0.10")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0.1, "sample: a: expected a decimal string, got 0.1"),
        (True, "sample: a: expected a decimal string, got True"),
        ("abc", "sample: a: 'abc' is not a decimal"),
        ("NaN", "sample: a: 'NaN' is not a finite decimal"),
        ("", "sample: a: '' is not a decimal"),
    ],
)
def test_a_decimal_that_is_not_a_finite_decimal_string_is_refused(value: Any, message: str) -> None:
    assert problem(a=value) == message


def test_a_blank_decimal_reads_as_none_only_where_allowed() -> None:
    assert loaded(b="").blank is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(8389766058155948588, 8389766058155948588), ("8082457372019390060", 8082457372019390060), ("-1", -1)],
)
def test_integers_come_from_numbers_or_numeric_strings(value: Any, expected: int) -> None:
    assert loaded(i=value).number == expected


@pytest.mark.parametrize("value", [1.0, True, "1.5", "", "١٢"])
def test_an_integer_that_is_not_a_whole_number_is_refused(value: Any) -> None:
    assert problem(i=value) == f"sample: i: expected an integer, got {value!r}"


def test_epoch_milliseconds_become_aware_utc_and_zero_means_unset_where_allowed() -> None:
    assert loaded(t=1776789210247).time == utc("2026-04-21T16:33:30.247Z")
    assert loaded(t="0").time is None


@pytest.mark.parametrize("value", [-5, 10**20])
def test_an_epoch_time_outside_the_calendar_is_refused(value: int) -> None:
    assert problem(t=value) == f"sample: t: {value!r} is not a valid epoch time in milliseconds"


def test_a_decimal_too_large_to_canonicalise_is_refused() -> None:
    assert problem(a="1E+99") == "sample: a: '1E+99' is out of range"


def test_an_error_inside_a_list_names_the_row_index() -> None:
    assert problem(r=[{"id": 1}, {}]) == "sample: r.1.id: Missing data for required field."


def test_unknown_fields_are_ignored() -> None:
    assert loaded(a="1", new_field_binance_added=True).amount == Decimal(1)


@pytest.mark.parametrize("value", ["\ud800", "XRP\nUSDT", "a\x00", "\x1b[31m", "x" * 5000])
def test_text_no_store_or_log_line_can_hold_is_refused_without_quoting_it(value: str) -> None:
    message = problem(s=value)

    assert message.startswith("sample: s: must ")
    assert value not in message


def test_unicode_text_that_stores_is_kept() -> None:
    assert loaded(s="ÄÖ 😀").text == "ÄÖ 😀"


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, "9" * 30])
def test_an_integer_beyond_64_bits_is_refused(value: Any) -> None:
    assert problem(i=value) == f"sample: i: {value!r} is not a signed 64-bit integer"


@pytest.mark.parametrize("value", ["1E+31", "1E-31", "1." + "1" * 40])
def test_a_decimal_the_fold_could_overflow_or_round_is_refused(value: str) -> None:
    assert problem(a=value).startswith(f"sample: a: {value!r} is out of range (at most 40 digits")


@pytest.mark.parametrize("name", ["amount", "text", "rows"])
def test_a_loaded_message_is_frozen(name: str) -> None:
    with pytest.raises(AttributeError):
        setattr(loaded(a="1", s="x"), name, None)


def test_a_required_field_sent_as_null_is_refused() -> None:
    assert error_of(lambda: load(Row, {"id": None}, "row"), MalformedPayload) == "row: id: Field may not be null."


def test_a_boolean_is_a_json_boolean() -> None:
    assert problem(f="yes") == "sample: f: Not a valid boolean."


def test_an_object_where_an_array_belongs_is_refused_at_its_path() -> None:
    assert problem(r={"id": 1}) == "sample: r: Not a valid list."


def test_a_message_that_is_not_an_object_is_refused() -> None:
    message = error_of(lambda: load(Sample, [1], "sample"), MalformedPayload)

    assert message == "sample: expected a JSON object, got an array"


@pytest.mark.parametrize(
    "wire",
    [
        {
            "a": "0.07600",
            "g": "0.10",
            "b": "",
            "i": "8082457372019390060",
            "t": 1776789210247,
            "s": "ÄÖ",
            "r": [{"id": 1}],
        },
        {"a": 12, "i": -1, "t": "0", "f": True},
    ],
)
def test_json_text_and_parsed_objects_load_alike(wire: dict[str, Any]) -> None:
    assert decode(Sample, msgspec.json.encode(wire), "sample") == loaded(**wire)


def test_a_json_number_in_a_decimal_field_is_read_from_its_digits_in_json_text() -> None:
    assert decode(Sample, b'{"a": 0.1000000000000000055511}', "sample").amount == Decimal("0.1000000000000000055511")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b'{"a": true}', "sample: a: expected a decimal string, got True"),
        (b'{"r": [{"id": 1}, {}]}', "sample: r.1.id: Missing data for required field."),
        (b'{"s": "XRP\\nUSDT"}', "sample: s: must not contain control characters or unpaired surrogates"),
        (b'{"i": 1.5}', "sample: i: expected an integer, got Decimal('1.5')"),
        (b"[1]", "sample: expected a JSON object, got an array"),
    ],
)
def test_json_text_is_refused_with_the_same_words(text: bytes, message: str) -> None:
    assert error_of(lambda: decode(Sample, text, "sample"), MalformedPayload) == message


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.from_regex(r"-?[0-9]{0,14}\.?[0-9]{0,14}", fullmatch=True), st.text("0123456789.-eE_ +NaIfinty")))
def test_an_amount_is_canonical_decimal_of_its_text_or_refused_by_name(text: str) -> None:
    # The short path skips canonical() for plain digit strings: it must agree with it everywhere
    try:
        expected: Decimal | None = canonical(Decimal(text))
    except ArithmeticError:
        expected = None
    out_of_bounds = expected is not None and (abs(expected.adjusted()) > 30 or len(expected.as_tuple().digits) > 40)
    if expected is not None and (not expected.is_finite() or out_of_bounds):
        expected = None
    try:
        got: Decimal | None = amount(text)
    except ValueError:
        got = None

    assert got == expected and (got is None or expected is None or got.as_tuple() == expected.as_tuple())
