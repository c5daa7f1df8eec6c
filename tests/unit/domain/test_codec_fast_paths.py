"""The codec's shortcuts give exactly what the general paths give, and refuse exactly what they refuse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.codec import CodecError, encode_value, from_record, to_record, utc_instant_text
from domain.times import NotUtc, format_utc, parse_utc
from domain.values import Side

TOKYO = timezone(timedelta(hours=9))


class Label(str):
    """A str subclass, which the general str check accepts."""


@dataclass(frozen=True)
class Sample:
    count: int
    flag: bool
    name: str
    amount: Decimal
    side: Side
    at: datetime
    day: date
    note: str | None


def sample() -> Sample:
    return Sample(
        3, True, "x", Decimal("1.50"), Side.BUY, datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC), date(2026, 1, 2), None
    )


@given(st.datetimes(timezones=st.sampled_from([UTC, TOKYO, timezone(timedelta(hours=-5, minutes=-30))])))
def test_format_utc_gives_the_strftime_text_for_any_aware_moment(moment: datetime) -> None:
    expected = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    assert format_utc(moment) == expected
    if moment.astimezone(UTC).year >= 1000:
        assert parse_utc(expected) == moment


def test_format_utc_still_refuses_a_naive_moment() -> None:
    with pytest.raises(NotUtc, match="naive"):
        format_utc(datetime(2026, 1, 1))


def test_parse_utc_returns_utc_for_an_offset_and_for_z() -> None:
    assert parse_utc("2026-01-01T09:00:00.000000+09:00").tzinfo is UTC
    assert parse_utc("2026-01-01T00:00:00.000000Z") == datetime(2026, 1, 1, tzinfo=UTC)


def test_to_record_and_from_record_round_trip_every_field_kind() -> None:
    record = to_record(sample())

    assert record == {
        "count": 3,
        "flag": True,
        "name": "x",
        "amount": "1.50",
        "side": "BUY",
        "at": "2026-01-02T03:04:05.000006Z",
        "day": "2026-01-02",
        "note": None,
    }
    assert from_record(Sample, record) == sample()


def test_encode_value_treats_subclasses_like_their_base_types() -> None:
    assert encode_value(Side.SELL) == "SELL"
    assert encode_value(Label("a")) == "a"
    assert encode_value(datetime(2026, 1, 1, 9, tzinfo=TOKYO)) == "2026-01-01T00:00:00.000000Z"


def test_a_str_subclass_is_still_accepted_for_a_str_field() -> None:
    decoded = from_record(Sample, {**to_record(sample()), "name": Label("y")})

    assert decoded.name == "y"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("count", True, "Sample.count: expected an integer"),
        ("flag", 1, "Sample.flag: expected a boolean"),
        ("name", 5, "Sample.name: expected a string"),
        ("amount", 1.5, "Sample.amount: expected a decimal string"),
        ("amount", "abc", "Sample.amount: 'abc' is not a valid Decimal"),
        ("side", "UP", "Sample.side: 'UP' is not a valid Side"),
        ("side", ["BUY"], "Sample.side: \\['BUY'\\] is not a valid Side"),
        ("at", "yesterday", "Sample.at: 'yesterday' is not a valid datetime"),
        ("count", None, "Sample.count: missing value"),
    ],
)
def test_a_bad_field_is_refused_with_a_message_naming_it(field: str, value, message: str) -> None:
    with pytest.raises(CodecError, match=message):
        from_record(Sample, {**to_record(sample()), field: value})


def test_unknown_fields_are_named_in_sorted_order() -> None:
    with pytest.raises(CodecError, match=r"unknown field\(s\) \['a', 'z'\]"):
        from_record(Sample, {**to_record(sample()), "z": 1, "a": 2})


@given(st.datetimes(timezones=st.sampled_from([UTC, TOKYO, timezone(timedelta(hours=-5, minutes=-30))])))
def test_utc_instant_text_is_format_utc_for_any_aware_moment(moment: datetime) -> None:
    assert utc_instant_text(moment) == format_utc(moment)


def test_a_record_with_two_bad_fields_names_the_first_in_record_order_as_before() -> None:
    record = {**to_record(sample()), "side": "UP"}
    record = {"count": "three", **{k: v for k, v in record.items() if k != "count"}}

    with pytest.raises(CodecError, match="Sample.count: expected an integer"):
        from_record(Sample, record)


@dataclass(frozen=True)
class WithDefault:
    name: str
    count: int = 7


def test_a_record_without_a_defaulted_field_takes_the_default() -> None:
    assert from_record(WithDefault, {"name": "a"}) == WithDefault("a", 7)
