"""Codec: payloads survive record round trips exactly, and bad records fail with a message naming the problem."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from domain.codec import CodecError, from_record, to_record
from domain.events import (
    PAYLOAD_TYPES,
    AlertCleared,
    AlertRaised,
    BotBooted,
    CommandExpired,
    CommandFailed,
    ConfigChanged,
    DatabaseAccountRebound,
    DriftDetected,
    ExchangeErrorRecorded,
    LiquidationFeeCharged,
    MarginCalled,
    OrderRejected,
    RateLimitChanged,
    RateLimitState,
    Reconciled,
    RiskGuardRejected,
    TradeAttributed,
    TradeExecuted,
    TransferMade,
    TransferRequested,
    UnknownEventType,
    decode_payload,
    encode_payload,
)
from domain.times import format_utc
from domain.transfers import TransferDirection
from tests.harness.builders import (
    T0,
    balance_changed,
    engine_state_changed,
    fee_charged,
    funding_applied,
    leverage_changed,
    order_placed,
    order_updated,
    position_changed,
    trade_executed,
)

SAMPLES = [
    order_placed(7, command_id="cmd-7"),
    order_updated(7, conditional=True, filled_qty="0.50"),
    OrderRejected("ae-x", "cmd-1", -2019, "Margin is insufficient."),
    trade_executed(2**63 - 1, order_id=2**62 + 3, price="0.51230", realized_pnl="-1.500"),
    fee_charged(3, amount="0.00020000"),
    funding_applied(amount="-0.0100", tran_id=2**60),
    LiquidationFeeCharged("USDT", Decimal("1.2375"), T0, 2**61),
    balance_changed(wallet="1000.10", cross_wallet="999.9"),
    position_changed(qty="-2.50", entry_price="0.5000"),
    leverage_changed(20),
    DriftDetected("position", "XRPUSDT", "quantity", "1", "2"),
    Reconciled(3, 1),
    RiskGuardRejected("max_risk_per_trade", "risk 25 > 20", Decimal("25.00"), Decimal("20"), Decimal("1000"), None),
    ConfigChanged("risk", 2, '{"max_risk_per_trade": "0.02"}', "web"),
    engine_state_changed(reason="ümlaut ✓", command_id="cmd-9"),
    CommandFailed("cmd-1", "PlaceOrder", "boom"),
    CommandExpired("cmd-2", "ClosePosition", T0, T0 + timedelta(minutes=5)),
    ExchangeErrorRecorded("place_order", None, "timeout", "<html>"),
    DatabaseAccountRebound("3f2a9c01d4e5b6a7", "0011223344556677", "cli:ops@host", False),
    BotBooted("host:123:abcdef01", T0),
    AlertRaised("margin_call", "BTCUSDT BOTH", "MARGIN CALL ✓", False),
    AlertCleared("margin_call", "BTCUSDT BOTH"),
    TradeAttributed(2**63 - 1, 2**62 + 3, "ae-m0123456789abcdef", None),
    MarginCalled(
        "ETHUSDT",
        "LONG",
        "CROSSED",
        Decimal("1.327"),
        Decimal("187.17127"),
        Decimal("-1.166074"),
        Decimal("1.614445"),
        Decimal("0"),
        Decimal("3.16812045"),
        T0,
    ),
    RateLimitChanged(RateLimitState.LIMITED, RateLimitState.SLOW, 2401, 3, 9, T0, "HTTP 429"),
    TransferRequested("cmd-1", TransferDirection.TO_SPOT, "USDT", Decimal("12.5"), T0),
    TransferMade("USDT", Decimal("-12.5"), T0, 2**63 - 2, "cmd-1"),
]


def test_the_samples_cover_every_registered_payload_type() -> None:
    assert {sample.TYPE for sample in SAMPLES} == set(PAYLOAD_TYPES)


@pytest.mark.parametrize("payload", SAMPLES, ids=lambda p: p.TYPE)
def test_every_payload_type_round_trips_through_json_unchanged(payload) -> None:
    text = json.dumps(encode_payload(payload), sort_keys=True)

    decoded = decode_payload(payload.TYPE, json.loads(text))

    assert decoded == payload
    assert json.dumps(encode_payload(decoded), sort_keys=True) == text


def test_decimals_travel_as_strings_and_keep_their_trailing_zeros() -> None:
    record = encode_payload(fee_charged(amount="0.00020000"))

    assert record["amount"] == "0.00020000"
    assert str(decode_payload("fee.charged.v1", record).amount) == "0.00020000"


def test_ids_above_two_to_the_53_stay_exact_integers() -> None:
    trade = trade_executed(2**63 - 1, order_id=2**53 + 1)

    decoded = decode_payload(trade.TYPE, json.loads(json.dumps(encode_payload(trade))))

    assert decoded.trade_id == 2**63 - 1
    assert decoded.order_id == 2**53 + 1


def test_datetimes_are_written_as_utc_with_microseconds_whatever_their_offset() -> None:
    seoul = timezone(timedelta(hours=9))
    moment = datetime(2026, 1, 5, 21, 0, 0, 1500, tzinfo=seoul)

    assert format_utc(moment) == "2026-01-05T12:00:00.001500Z"
    assert encode_payload(leverage_changed(changed_at=moment))["changed_at"] == "2026-01-05T12:00:00.001500Z"


def test_encoding_a_naive_datetime_is_refused() -> None:
    with pytest.raises(CodecError, match="naive datetime"):
        encode_payload(leverage_changed(changed_at=datetime(2026, 1, 5, 12)))


def test_decoding_a_datetime_without_timezone_is_refused() -> None:
    record = encode_payload(leverage_changed())
    record["changed_at"] = "2026-01-05T12:00:00"

    with pytest.raises(CodecError, match="no timezone"):
        decode_payload("leverage.changed.v1", record)


def test_an_unknown_field_is_rejected_by_name() -> None:
    record = {**encode_payload(fee_charged()), "surprise": 1}

    with pytest.raises(CodecError, match="surprise"):
        decode_payload("fee.charged.v1", record)


def test_an_unknown_event_type_is_rejected_by_name() -> None:
    with pytest.raises(UnknownEventType, match="order.teleported.v9"):
        decode_payload("order.teleported.v9", {})


def test_a_missing_field_is_rejected_by_name() -> None:
    record = encode_payload(fee_charged())
    del record["asset"]

    with pytest.raises(CodecError, match="asset"):
        decode_payload("fee.charged.v1", record)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("price", 0.5, "TradeExecuted.price: expected a decimal string"),
        ("price", "NaN", "TradeExecuted.price: 'NaN' is not a finite decimal"),
        ("price", "abc", "TradeExecuted.price: 'abc' is not a valid Decimal"),
        ("trade_id", "7", "TradeExecuted.trade_id: expected an integer"),
        ("trade_id", True, "TradeExecuted.trade_id: expected an integer"),
        ("maker", "false", "TradeExecuted.maker: expected a boolean"),
        ("side", "LONG", "TradeExecuted.side: 'LONG' is not a valid Side"),
        ("quantity", None, "TradeExecuted.quantity: missing value"),
    ],
)
def test_a_badly_typed_value_is_rejected_naming_the_field(field: str, value: object, message: str) -> None:
    record = {**encode_payload(trade_executed()), field: value}

    with pytest.raises(CodecError) as error:
        decode_payload("trade.executed.v1", record)

    assert message in str(error.value)


def test_optional_fields_accept_null() -> None:
    trade = trade_executed(client_order_id=None)

    assert decode_payload(trade.TYPE, encode_payload(trade)).client_order_id is None


def test_to_record_and_from_record_work_for_any_flat_dataclass() -> None:
    trade = trade_executed(executed_at=T0)

    assert from_record(TradeExecuted, to_record(trade)) == trade


def test_epoch_milliseconds_are_exact_even_where_a_float_would_round() -> None:
    from datetime import datetime

    from domain.times import epoch_ms

    # int(moment.timestamp() * 1000) gives 4216665310 here
    moment = datetime(1970, 2, 18, 19, 17, 45, 311000, tzinfo=UTC)

    assert epoch_ms(moment) == 4_216_665_311
