"""Sample events, commands and rows for the contract suites, built straight from the domain constructors."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from domain.commands import (
    COMMAND_TYPES,
    Actor,
    ActorKind,
    CancelAll,
    CancelOrder,
    ClosePosition,
    Command,
    CommandPayload,
    PauseEngine,
    PlaceOrder,
    ResumeEngine,
    SetLeverage,
    Transfer,
    UpdateConfig,
)
from domain.events import (
    PAYLOAD_TYPES,
    AlertCleared,
    AlertRaised,
    BalanceChanged,
    BotBooted,
    CommandExpired,
    CommandFailed,
    ConfigChanged,
    DatabaseAccountRebound,
    DriftDetected,
    EngineStateChanged,
    Event,
    EventPayload,
    ExchangeErrorRecorded,
    FeeCharged,
    FundingApplied,
    LeverageChanged,
    LiquidationFeeCharged,
    MarginCalled,
    OrderPlaced,
    OrderRejected,
    OrderUpdated,
    PositionChanged,
    RateLimitChanged,
    RateLimitState,
    Reconciled,
    RiskGuardRejected,
    TradeAttributed,
    TradeExecuted,
    TransferMade,
    TransferRequested,
    new_event,
)
from domain.projections.rows import Balance, EngineStatus, OpenOrder, PnlDay, Position, Trade
from domain.transfers import TransferDirection
from domain.values import EngineState, Mode, OrderStatus, OrderType, Scope, Side, Source, TimeInForce

T0 = datetime(2026, 11, 21, 9, 30, 15, 123456, tzinfo=UTC)
SCOPE = Scope(exchange="BINANCE", venue="FUTURES", account_id="main", symbol="BTCUSDT", mode=Mode.SIM)
BIG_ID = 8389766058155948588


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def event(payload: EventPayload, n: int, *, ts: datetime | None = None) -> Event:
    return new_event(payload, event_id=f"evt-{n}", ts=ts or at(n), scope=SCOPE, source=Source.REST, causation_id=None)


def reconciled(n: int, *, ts: datetime | None = None) -> Event:
    """An event without a natural key: its dedup key is its own event id, so every n is a new fact."""
    return event(Reconciled(appended=n, drifts=0), n, ts=ts)


def fill(trade_id: int, n: int, *, ts: datetime | None = None) -> Event:
    """A fill: its dedup key is the trade id, so the same trade seen twice is one fact."""
    payload = TradeExecuted(
        trade_id=trade_id,
        order_id=BIG_ID,
        client_order_id="ae-m1",
        side=Side.BUY,
        price=Decimal("64000.10"),
        quantity=Decimal("0.010"),
        realized_pnl=Decimal("0.00000000"),
        maker=False,
        external=False,
        executed_at=ts or at(n),
    )
    return event(payload, n, ts=ts)


def _order_fields() -> dict:
    return {
        "client_order_id": "ae-m0123456789abcdef",
        "order_id": BIG_ID,
        "conditional": False,
        "side": Side.SELL,
        "order_type": OrderType.LIMIT,
        "quantity": Decimal("1.500"),
        "price": Decimal("65000.00"),
        "trigger_price": None,
        "reduce_only": False,
        "close_position": False,
        "time_in_force": TimeInForce.GTC,
        "status": OrderStatus.NEW,
        "filled_qty": Decimal("0.000"),
        "avg_price": Decimal("0"),
        "external": False,
        "updated_at": at(1),
    }


def sample_payloads() -> list[EventPayload]:
    """One payload of every registered type, with trailing zeros, huge ids and None optionals."""
    return [
        OrderPlaced(**_order_fields(), command_id="cmd-1"),
        OrderUpdated(**{**_order_fields(), "status": OrderStatus.PARTIALLY_FILLED, "filled_qty": Decimal("0.500")}),
        OrderRejected(client_order_id="ae-mx", command_id=None, code=-2019, reason="Margin is insufficient."),
        fill(BIG_ID, 1).payload,
        FeeCharged(trade_id=BIG_ID, asset="USDT", amount=Decimal("0.25600000"), charged_at=at(2)),
        FundingApplied(asset="USDT", amount=Decimal("-0.01000000"), funding_time=at(3), tran_id=BIG_ID),
        BalanceChanged(
            asset="USDT",
            wallet_balance=Decimal("1000.10"),
            cross_wallet_balance=Decimal("999.90"),
            reason="ORDER",
            changed_at=at(4),
        ),
        PositionChanged(quantity=Decimal("-0.010"), entry_price=Decimal("64000.10"), reason="ORDER", changed_at=at(5)),
        LeverageChanged(leverage=20, changed_at=at(6)),
        DriftDetected(entity="position", key="BTCUSDT", field="quantity", local="0.010", exchange="0.020"),
        Reconciled(appended=3, drifts=1),
        RiskGuardRejected(
            rule="max_notional",
            reason="too big",
            value=Decimal("1E+5"),
            limit=Decimal("5000.00"),
            equity=Decimal("1000.0"),
            command_id=None,
        ),
        ConfigChanged(key="risk", version=2, value_json='{"max":"0.020"}', updated_by="web"),
        EngineStateChanged(state=EngineState.PAUSED, reason="user asked", command_id="cmd-2"),
        CommandFailed(command_id="cmd-3", command_type="PlaceOrder", error="rejected: -2019"),
        ExchangeErrorRecorded(operation="place_order", code=None, message="timeout", raw="<html>503</html> ünïcode"),
        RateLimitChanged(
            state=RateLimitState.WARN,
            previous=RateLimitState.NORMAL,
            used_weight=1501,
            order_count_10s=None,
            order_count_1m=None,
            until=None,
            reason="X-MBX-USED-WEIGHT-1M 1501",
        ),
        # Appended last: other contract tests pick samples by position
        LiquidationFeeCharged(asset="USDT", amount=Decimal("1.23750000"), charged_at=at(3), tran_id=BIG_ID + 1),
        CommandExpired(command_id="cmd-4", command_type="ClosePosition", expires_at=at(7), claimed_at=at(8)),
        DatabaseAccountRebound(
            old_account="3f2a9c01d4e5b6a7", new_account="0011223344556677", rebound_by="cli:ops@host", verified=True
        ),
        TradeAttributed(
            trade_id=BIG_ID, order_id=BIG_ID - 1, client_order_id="ae-m0123456789abcdef", command_id="cmd-5"
        ),
        MarginCalled(
            symbol="BTCUSDT",
            position_side="BOTH",
            margin_type="CROSSED",
            quantity=Decimal("-0.010"),
            mark_price=Decimal("64000.10"),
            unrealized_pnl=Decimal("-1.50"),
            maintenance_margin=Decimal("2.5600"),
            isolated_wallet=Decimal("0"),
            cross_wallet_balance=None,
            called_at=at(9),
        ),
        BotBooted(holder="host:123:abcdef01", booted_at=at(10)),
        AlertRaised(kind="drift", subject="", summary="drift in position BTCUSDT quantity", sent=True),
        AlertCleared(kind="drift", subject=""),
        TransferRequested(
            command_id="cmd-6",
            direction=TransferDirection.TO_FUTURES,
            asset="USDT",
            amount=Decimal("250.5"),
            requested_at=at(11),
        ),
        TransferMade(asset="USDT", amount=Decimal("-100.25"), made_at=at(12), tran_id=BIG_ID + 2, command_id=None),
    ]


def sample_payload_types() -> set[str]:
    return {payload.TYPE for payload in sample_payloads()}


ALL_EVENT_TYPES = set(PAYLOAD_TYPES)


def command(
    n: int,
    *,
    priority: int = 100,
    created_at: datetime | None = None,
    idempotency_key: str | None = None,
    payload: CommandPayload | None = None,
    expires_at: datetime | None = None,
) -> Command:
    return Command(
        command_id=f"cmd-{n}",
        idempotency_key=idempotency_key or f"idem-{n}",
        priority=priority,
        actor=Actor(ActorKind.USER, "alice"),
        scope=SCOPE,
        created_at=created_at or at(n),
        correlation_id=f"corr-{n}",
        payload=payload or PauseEngine(reason=f"pause {n}"),
        expires_at=expires_at,
    )


def sample_command_payloads() -> list[CommandPayload]:
    """One payload of every command type, with decimals that keep trailing zeros."""
    return [
        PlaceOrder(
            side=Side.BUY,
            order_type=OrderType.LIMIT,
            quantity=Decimal("0.010"),
            price=Decimal("64000.10"),
            time_in_force=TimeInForce.GTC,
            stop_price=Decimal("63000.00"),
        ),
        CancelOrder(client_order_id="ae-m1", conditional=True),
        CancelAll(),
        ClosePosition(),
        SetLeverage(leverage=20),
        PauseEngine(reason="lunch"),
        ResumeEngine(),
        UpdateConfig(key="risk", value_json='{"max":"0.020"}', expected_version=0),
        Transfer(direction=TransferDirection.TO_SPOT, asset="USDT", amount=Decimal("100.25")),
    ]


ALL_COMMAND_TYPES = set(COMMAND_TYPES)


def sample_rows() -> list[tuple[str, object]]:
    """One row per projection table (some twice), with None optionals, bools and trailing zeros."""
    return [
        ("position", Position("BTCUSDT", Decimal("-0.010"), Decimal("64000.10"), Decimal("1.50"), 20, at(1))),
        ("position", Position.flat("ETHUSDT")),
        ("balance", Balance("USDT", Decimal("1000.10"), Decimal("999.90"), at(2))),
        ("order_open", OpenOrder(order_key=f"order:{BIG_ID}", **{**_order_fields(), "reduce_only": True})),
        ("trade", Trade(BIG_ID, fee=Decimal("0.25600000"), fee_asset="USDT")),
        (
            "trade",
            Trade(
                9,
                order_id=BIG_ID,
                client_order_id=None,
                side=Side.BUY,
                price=Decimal("64000.10"),
                quantity=Decimal("0.010"),
                realized_pnl=Decimal("0E-8"),
                maker=True,
                external=False,
                executed_at=at(3),
            ),
        ),
        ("trade", Trade(10)),
        (
            "pnl_day",
            PnlDay(
                date(2026, 11, 21), Decimal("1.50"), Decimal("0.25600000"), Decimal("-0.01000000"), Decimal("149.5")
            ),
        ),
        ("engine", EngineStatus("engine", EngineState.RUNNING, "", at(4))),
    ]
