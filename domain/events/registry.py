"""Stored type name ↔ payload class, and payload ↔ record."""

from __future__ import annotations

from typing import Any

from domain.codec import CodecError, Record, from_record, to_record
from domain.events.account import BalanceChanged, LeverageChanged, MarginCalled, PositionChanged
from domain.events.alerts import AlertCleared, AlertRaised, BotBooted
from domain.events.database import DatabaseAccountRebound
from domain.events.envelope import EventPayload
from domain.events.operations import (
    CommandExpired,
    CommandFailed,
    ConfigChanged,
    DriftDetected,
    EngineStateChanged,
    ExchangeErrorRecorded,
    Reconciled,
    RiskGuardRejected,
)
from domain.events.orders import (
    FeeCharged,
    FundingApplied,
    LiquidationFeeCharged,
    OrderPlaced,
    OrderRejected,
    OrderUpdated,
    TradeAttributed,
    TradeExecuted,
)
from domain.events.rate_limit import RateLimitChanged
from domain.events.transfers import TransferMade, TransferRequested

PAYLOAD_TYPES: dict[str, type[EventPayload]] = {
    cls.TYPE: cls
    for cls in (
        OrderPlaced,
        OrderUpdated,
        OrderRejected,
        TradeExecuted,
        TradeAttributed,
        FeeCharged,
        FundingApplied,
        LiquidationFeeCharged,
        BalanceChanged,
        PositionChanged,
        LeverageChanged,
        MarginCalled,
        DriftDetected,
        Reconciled,
        RiskGuardRejected,
        ConfigChanged,
        EngineStateChanged,
        CommandFailed,
        CommandExpired,
        ExchangeErrorRecorded,
        RateLimitChanged,
        DatabaseAccountRebound,
        BotBooted,
        AlertRaised,
        AlertCleared,
        TransferRequested,
        TransferMade,
    )
}


class UnknownEventType(CodecError):
    """A stored type name has no payload class (written by a newer version?)."""


def encode_payload(payload: EventPayload) -> Record:
    return to_record(payload)


def decode_payload(type_name: str, record: dict[str, Any]) -> EventPayload:
    try:
        cls = PAYLOAD_TYPES[type_name]
    except KeyError:
        raise UnknownEventType(f"unknown event type {type_name!r}") from None
    return from_record(cls, record)
