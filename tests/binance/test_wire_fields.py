"""The wire field types: decimals only from strings, integers never from floats, epoch ms → aware UTC."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from marshmallow import fields

from adapters.binance.schemas.base import WireSchema, load
from adapters.binance.schemas.errors import MalformedPayload
from adapters.binance.schemas.fields import EpochMs, WireDecimal, WireInt, WireText
from domain.values import canonical
from tests.binance.support import error_of, utc


class Sample(WireSchema):
    amount = WireDecimal(load_default=None, data_key="a")
    grid = WireDecimal(canonical=False, load_default=None, data_key="g")
    blank = WireDecimal(allow_blank=True, load_default=None, data_key="b")
    number = WireInt(load_default=None, data_key="i")
    time = EpochMs(zero_is_none=True, load_default=None, data_key="t")
    text = WireText(load_default=None, data_key="s")
    rows = fields.List(fields.Nested(lambda: Row()), load_default=list, data_key="r")  # noqa: PLW0108 - Row is defined below


class Row(WireSchema):
    id = WireInt(required=True, data_key="id")


def loaded(**wire: Any) -> dict[str, Any]:
    return load(Sample, wire, "sample")


def problem(**wire: Any) -> str:
    return error_of(lambda: loaded(**wire), MalformedPayload)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.020", "0.02"), ("100.0", "100"), ("100", "100"), ("0.00000", "0"), ("-0.0", "0"), ("1E+2", "100"),
        ("-0.03900000", "-0.039"), ("122624.12345678", "122624.12345678"),
    ],
)
def test_canonical_decimals_drop_trailing_zeros_without_exponents(text: str, expected: str) -> None:
    assert str(canonical(Decimal(text))) == expected


def test_amounts_are_canonical_and_grid_sizes_keep_their_exponent() -> None:
    values = loaded(a="0.07600", g="0.10")

    assert (str(values["amount"]), str(values["grid"])) == ("0.076", "0.10")


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
    assert loaded(b="")["blank"] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(8389766058155948588, 8389766058155948588), ("8082457372019390060", 8082457372019390060), ("-1", -1)],
)
def test_integers_come_from_numbers_or_numeric_strings(value: Any, expected: int) -> None:
    assert loaded(i=value)["number"] == expected


@pytest.mark.parametrize("value", [1.0, True, "1.5", "", "١٢"])
def test_an_integer_that_is_not_a_whole_number_is_refused(value: Any) -> None:
    assert problem(i=value) == f"sample: i: expected an integer, got {value!r}"


def test_epoch_milliseconds_become_aware_utc_and_zero_means_unset_where_allowed() -> None:
    assert loaded(t=1776789210247)["time"] == utc("2026-04-21T16:33:30.247Z")
    assert loaded(t="0")["time"] is None


@pytest.mark.parametrize("value", [-5, 10**20])
def test_an_epoch_time_outside_the_calendar_is_refused(value: int) -> None:
    assert problem(t=value) == f"sample: t: {value!r} is not a valid epoch time in milliseconds"


def test_a_decimal_too_large_to_canonicalise_is_refused() -> None:
    assert problem(a="1E+99") == "sample: a: '1E+99' is out of range"


def test_an_error_inside_a_list_names_the_row_index() -> None:
    assert problem(r=[{"id": 1}, {}]) == "sample: r.1.id: Missing data for required field."


def test_unknown_fields_are_ignored() -> None:
    assert loaded(a="1", new_field_binance_added=True)["amount"] == Decimal(1)


@pytest.mark.parametrize("value", ["\ud800", "XRP\nUSDT", "a\x00", "\x1b[31m", "x" * 5000])
def test_text_no_store_or_log_line_can_hold_is_refused_without_quoting_it(value: str) -> None:
    message = problem(s=value)

    assert message.startswith("sample: s: must ")
    assert value not in message


def test_unicode_text_that_stores_is_kept() -> None:
    assert loaded(s="ÄÖ 😀")["text"] == "ÄÖ 😀"


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, "9" * 30])
def test_an_integer_beyond_64_bits_is_refused(value: Any) -> None:
    assert problem(i=value) == f"sample: i: {value!r} is not a signed 64-bit integer"


@pytest.mark.parametrize("value", ["1E+31", "1E-31", "1." + "1" * 40])
def test_a_decimal_the_fold_could_overflow_or_round_is_refused(value: str) -> None:
    assert problem(a=value).startswith(f"sample: a: {value!r} is out of range (at most 40 digits")
