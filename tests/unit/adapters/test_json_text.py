"""The fast JSON paths give the json module's canonical text and values, byte for byte, or step aside for it."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.records.json_text import canonical_json, canonical_record_json, load_json

plain_values = st.one_of(st.text(), st.integers(), st.booleans(), st.none())
ascii_text = st.text(alphabet=st.characters(max_codepoint=127))
flat_records = st.dictionaries(st.text(), plain_values) | st.dictionaries(
    ascii_text, st.one_of(ascii_text, st.integers(), st.booleans(), st.none())
)


@given(flat_records)
def test_a_flat_record_is_written_as_canonical_json_writes_it(record: dict[str, object]) -> None:
    text = canonical_record_json(record, "payload")

    assert text == canonical_json(record, "payload")
    assert load_json(text) == json.loads(text) == record


def test_the_characters_msgspec_escapes_otherwise_take_the_json_module() -> None:
    for record in ({"a": "x\x7fy"}, {"a": "é"}, {"é": 1}, {"a": 2**70}, {"a": '\x00\x1f"\\'}):
        assert canonical_record_json(record, "payload") == canonical_json(record, "payload")


def test_a_record_with_other_values_takes_the_json_module_and_its_refusals() -> None:
    assert canonical_record_json({"a": Decimal("1.50")}, "payload") == '{"a":"1.50"}'
    with pytest.raises(ValueError, match="payload of x is not JSON-ready"):
        canonical_record_json({"a": float("inf")}, "payload of x")


def test_load_json_reads_what_only_the_json_module_reads_as_it_always_did() -> None:
    for text in ('{"a":"\\ud800"}', '{"a":NaN}', '{"a":1e400}', '{"a":1,"a":2}', " [1, 2] "):
        assert repr(load_json(text)) == repr(json.loads(text))
