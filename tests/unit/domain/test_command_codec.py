"""Command payloads round-trip through records; unknown types and fields are named in the error."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from domain.codec import CodecError
from domain.commands import (
    COMMAND_TYPES,
    CancelAll,
    CancelOrder,
    ClosePosition,
    CommandStatus,
    PauseEngine,
    PlaceOrder,
    ResumeEngine,
    SetLeverage,
    Transfer,
    UpdateConfig,
    decode_command_payload,
    encode_command_payload,
)
from domain.transfers import TransferDirection
from domain.values import OrderType, Side, TimeInForce

SAMPLES = [
    PlaceOrder(
        Side.BUY,
        OrderType.LIMIT,
        Decimal("10.0"),
        price=Decimal("0.5000"),
        time_in_force=TimeInForce.GTC,
        stop_price=Decimal("0.45"),
    ),
    PlaceOrder(Side.SELL, OrderType.STOP_MARKET, Decimal("1"), trigger_price=Decimal("0.6"), reduce_only=True),
    CancelOrder("ae-m123", conditional=True),
    CancelAll(),
    ClosePosition(),
    SetLeverage(20),
    PauseEngine("daily loss"),
    ResumeEngine(),
    UpdateConfig("risk", '{"max_risk_per_trade": "0.02"}', expected_version=3),
    Transfer(TransferDirection.TO_FUTURES, "USDT", Decimal("250.5")),
]


def test_the_samples_cover_every_command_type() -> None:
    assert {sample.TYPE for sample in SAMPLES} == set(COMMAND_TYPES)


@pytest.mark.parametrize("payload", SAMPLES, ids=lambda p: p.TYPE)
def test_every_command_payload_round_trips_through_json(payload) -> None:
    record = json.loads(json.dumps(encode_command_payload(payload)))

    assert decode_command_payload(payload.TYPE, record) == payload


def test_a_place_order_keeps_its_decimal_text_exactly() -> None:
    record = encode_command_payload(SAMPLES[0])

    assert (record["quantity"], record["price"]) == ("10.0", "0.5000")


def test_an_unknown_command_type_is_named_with_the_known_ones() -> None:
    with pytest.raises(CodecError, match=r"unknown command type 'Teleport'.*PlaceOrder"):
        decode_command_payload("Teleport", {})


def test_an_unknown_command_field_is_rejected_by_name() -> None:
    with pytest.raises(CodecError, match="leverage_x"):
        decode_command_payload("SetLeverage", {"leverage": 5, "leverage_x": 1})


def test_only_ack_failed_and_expired_are_final_statuses() -> None:
    final = [CommandStatus.ACK, CommandStatus.FAILED, CommandStatus.EXPIRED]
    assert [s for s in CommandStatus if s.is_final] == final
