"""Fault settings from --fault specs and /_sim/ JSON bodies; every bad input names its field."""

from __future__ import annotations

import pytest

from adapters.simulator.faults.setting import FaultSetting
from adapters.simulator.faults.spec import BadField, parse_fault_option, setting_from_json, setting_to_json


def test_a_bare_name_takes_the_default_setting() -> None:
    assert parse_fault_option("ack_lost") == ("ack_lost", FaultSetting())


def test_a_spec_sets_every_field() -> None:
    assert parse_fault_option("unknown_503:count=3, seconds=2,placed=false,duration=60") == (
        "unknown_503",
        FaultSetting(count=3, duration=60.0, seconds=2.0, placed=False),
    )


def test_count_none_means_every_occasion() -> None:
    assert parse_fault_option("latency:count=none,seconds=0.2")[1] == FaultSetting(count=None, seconds=0.2)


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ("latency:count=x", "count"),
        ("latency:count=1.5", "count"),
        ("latency:count=0", "count"),
        ("latency:seconds=-1", "seconds"),
        ("latency:placed=maybe", "placed"),
        ("latency:speed=2", "speed"),
        ("latency:seconds", "seconds"),
        (":count=1", "name"),
        ("latency:duration=0", "duration"),
    ],
)
def test_a_bad_spec_names_the_field(spec: str, field: str) -> None:
    with pytest.raises(BadField) as caught:
        parse_fault_option(spec)
    assert caught.value.field == field and repr(field) in str(caught.value)


def test_a_json_body_round_trips() -> None:
    setting = FaultSetting(count=None, duration=30.0, seconds=1.0, placed=False)
    assert setting_from_json(setting_to_json(setting)) == setting
    assert setting_from_json({}) == FaultSetting()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"count": "2"}, "count"),
        ({"count": True}, "count"),
        ({"placed": "true"}, "placed"),
        ({"seconds": None}, "seconds"),
        ({"colour": 1}, "colour"),
        ([1], "body"),
        ({"seconds": -2}, "seconds"),
    ],
)
def test_a_bad_json_body_names_the_field(body: object, field: str) -> None:
    with pytest.raises(BadField) as caught:
        setting_from_json(body)
    assert caught.value.field == field
