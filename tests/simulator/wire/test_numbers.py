"""Wire numbers: fixed decimals per kind, never exponents or floats, and int64 ids that survive JSON."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.simulator.wire.encoding import encode_json
from adapters.simulator.wire.numbers import Kind, SymbolPrecision, fixed, plain, wire_decimal, wire_id

XRPUSDT = SymbolPrecision(price=4, quantity=1)
BTCUSDT = SymbolPrecision(price=2, quantity=3)
SEIUSDT = SymbolPrecision(price=7, quantity=0)
BIG_ORDER_ID = 8389766058155948588  # a real ETHUSDT orderId (rest_order_new_market_result_filled_ethusdt_2025)


@pytest.mark.parametrize(
    ("value", "kind", "precision", "text"),
    [
        (Decimal("0.5332"), Kind.PRICE, XRPUSDT, "0.5332"),
        (Decimal("0.53"), Kind.PRICE, XRPUSDT, "0.5300"),
        (Decimal(0), Kind.PRICE, BTCUSDT, "0.00"),
        (Decimal("36567.1"), Kind.PRICE, BTCUSDT, "36567.10"),
        (Decimal(20), Kind.QUANTITY, XRPUSDT, "20.0"),
        (Decimal("0.01"), Kind.QUANTITY, BTCUSDT, "0.010"),
        (Decimal("3057.89"), Kind.QUOTE, BTCUSDT, "3057.89000"),
        (Decimal("0.5332"), Kind.QUOTE, XRPUSDT, "0.53320"),
        (Decimal("0.8983"), Kind.QUOTE, SEIUSDT, "0.8983000"),
        (Decimal("0.1462684"), Kind.AMOUNT, None, "0.14626840"),
        (Decimal("-0.039"), Kind.AMOUNT, None, "-0.03900000"),
        (Decimal("0.0002"), Kind.PLAIN, None, "0.0002"),
        (Decimal("2317.30"), Kind.PLAIN, None, "2317.3"),
        (Decimal("1E+6"), Kind.PLAIN, None, "1000000"),
        (7, Kind.QUANTITY, BTCUSDT, "7.000"),
    ],
)
def test_each_kind_writes_the_decimals_binance_writes(
    value: Decimal, kind: Kind, precision: SymbolPrecision | None, text: str
) -> None:
    assert wire_decimal(value, kind, precision) == text


def test_a_bare_zero_field_writes_zero_as_0_and_other_values_in_full() -> None:
    assert wire_decimal(Decimal("0.00000000"), Kind.AMOUNT, bare_zero=True) == "0"
    assert wire_decimal(Decimal("-0.039"), Kind.AMOUNT, bare_zero=True) == "-0.03900000"


def test_a_zero_is_never_written_negative() -> None:
    assert wire_decimal(Decimal("-0"), Kind.AMOUNT) == "0.00000000"
    assert plain(Decimal("-0.000")) == "0"


@pytest.mark.parametrize(
    "value", [Decimal("1E-9"), Decimal("1E+21"), Decimal("123456789.123456789"), Decimal("12345678901234567890123.5")]
)
def test_no_kind_ever_writes_an_exponent(value: Decimal) -> None:
    texts = [wire_decimal(value, Kind.AMOUNT), wire_decimal(value, Kind.PLAIN), fixed(value, 12)]

    assert not any("E" in text or "e" in text for text in texts)


def test_long_values_keep_every_digit() -> None:
    assert plain(Decimal("123456789012345678901234567890.5")) == "123456789012345678901234567890.5"
    assert fixed(Decimal("123456789012345678901234.5"), 8) == "123456789012345678901234.50000000"


def test_amounts_round_half_up_to_eight_decimals() -> None:
    assert wire_decimal(Decimal("0.000000005"), Kind.AMOUNT) == "0.00000001"
    assert wire_decimal(Decimal("2") / Decimal("3"), Kind.QUOTE, BTCUSDT) == "0.66667"


def test_a_price_off_the_symbols_precision_is_refused_not_rounded() -> None:
    with pytest.raises(ValueError, match="price 0.53325 has more than 4 decimals"):
        wire_decimal(Decimal("0.53325"), Kind.PRICE, XRPUSDT)


def test_a_quantity_off_the_symbols_precision_is_refused_not_rounded() -> None:
    with pytest.raises(ValueError, match="quantity 0.15 has more than 1 decimals"):
        wire_decimal(Decimal("0.15"), Kind.QUANTITY, XRPUSDT)


@pytest.mark.parametrize("kind", [Kind.PRICE, Kind.QUANTITY, Kind.QUOTE])
def test_symbol_kinds_need_the_symbols_precision(kind: Kind) -> None:
    with pytest.raises(ValueError, match="needs the symbol's SymbolPrecision"):
        wire_decimal(Decimal(1), kind)


@pytest.mark.parametrize("value", [0.1, "0.1", True, None])
def test_floats_and_other_non_decimals_are_refused(value: object) -> None:
    with pytest.raises(TypeError, match="Decimal or int"):
        wire_decimal(value, Kind.AMOUNT)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_non_finite_numbers_are_refused(value: Decimal) -> None:
    with pytest.raises(ValueError, match="non-finite"):
        wire_decimal(value, Kind.PLAIN)


def test_a_value_too_long_for_its_decimals_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="too many digits"):
        fixed(Decimal("1E+60"), 8)


@pytest.mark.parametrize(("price", "quantity"), [(-1, 0), (0, 19), (True, 1), (1.0, 1)])
def test_a_symbol_precision_must_be_a_small_non_negative_int(price: object, quantity: object) -> None:
    with pytest.raises(ValueError, match="precision must be an int"):
        SymbolPrecision(price, quantity)  # type: ignore[arg-type]


@given(
    digits=st.integers(min_value=-(10**20), max_value=10**20),
    places=st.integers(min_value=0, max_value=12),
)
def test_a_fixed_number_reads_back_as_the_same_decimal_with_exactly_its_decimals(digits: int, places: int) -> None:
    value = Decimal(digits).scaleb(-places)

    text = fixed(value, places)

    assert Decimal(text) == value
    assert "E" not in text
    assert len(text.partition(".")[2]) == places


def test_a_big_order_id_survives_json_dumps_and_loads_unchanged() -> None:
    body = encode_json({"orderId": wire_id(BIG_ORDER_ID)})

    assert body == b'{"orderId":8389766058155948588}'
    assert json.loads(body)["orderId"] == BIG_ORDER_ID
    assert json.loads(json.dumps(BIG_ORDER_ID)) == BIG_ORDER_ID


def test_the_largest_int64_id_is_accepted() -> None:
    assert wire_id(2**63 - 1) == 9223372036854775807


@pytest.mark.parametrize("value", [-1, 2**63])
def test_an_id_outside_int64_is_refused(value: int) -> None:
    with pytest.raises(ValueError, match="int64"):
        wire_id(value)


@pytest.mark.parametrize("value", [8.389766058155949e18, "8389766058155948588", True])
def test_an_id_that_is_not_an_int_is_refused(value: object) -> None:
    with pytest.raises(TypeError, match="ids are ints"):
        wire_id(value)  # type: ignore[arg-type]
