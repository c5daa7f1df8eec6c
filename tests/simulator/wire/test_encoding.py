"""JSON encoding: compact bodies that refuse numbers without a single wire form."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.simulator.wire.encoding import encode_json


def test_json_encoding_refuses_floats_and_names_where_they_are() -> None:
    with pytest.raises(TypeError, match=r"\$\.orders\[0\]\.price is the float"):
        encode_json({"orders": [{"price": 0.1}]})


def test_json_encoding_refuses_unformatted_decimals() -> None:
    with pytest.raises(TypeError, match=r"\$\.qty is the Decimal"):
        encode_json({"qty": Decimal("1.5")})
