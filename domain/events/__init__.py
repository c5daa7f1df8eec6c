"""Everything that can happen, as immutable facts: envelope, payload types, registry."""

from domain.events.account import BalanceChanged, LeverageChanged, MarginCalled, PositionChanged
from domain.events.alerts import AlertCleared, AlertRaised, BotBooted
from domain.events.database import DatabaseAccountRebound
from domain.events.envelope import Event, EventPayload, StoredEvent, natural_dedup_key, new_event
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
    OrderFacts,
    OrderPlaced,
    OrderRejected,
    OrderUpdated,
    TradeAttributed,
    TradeExecuted,
)
from domain.events.rate_limit import RateLimitChanged, RateLimitState
from domain.events.registry import PAYLOAD_TYPES, UnknownEventType, decode_payload, encode_payload
from domain.events.transfers import TransferMade, TransferRequested, transfer_request_key

__all__ = [
    "PAYLOAD_TYPES",
    "AlertCleared",
    "AlertRaised",
    "BalanceChanged",
    "BotBooted",
    "CommandExpired",
    "CommandFailed",
    "ConfigChanged",
    "DatabaseAccountRebound",
    "DriftDetected",
    "EngineStateChanged",
    "Event",
    "EventPayload",
    "ExchangeErrorRecorded",
    "FeeCharged",
    "FundingApplied",
    "LeverageChanged",
    "LiquidationFeeCharged",
    "MarginCalled",
    "OrderFacts",
    "OrderPlaced",
    "OrderRejected",
    "OrderUpdated",
    "PositionChanged",
    "RateLimitChanged",
    "RateLimitState",
    "Reconciled",
    "RiskGuardRejected",
    "StoredEvent",
    "TradeAttributed",
    "TradeExecuted",
    "TransferMade",
    "TransferRequested",
    "UnknownEventType",
    "decode_payload",
    "encode_payload",
    "natural_dedup_key",
    "new_event",
    "transfer_request_key",
]
