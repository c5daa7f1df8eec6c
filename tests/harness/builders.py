"""Builders for payloads, events, exchange reports and symbol rules: sensible defaults, keyword overrides.

Payload builders (`trade_executed`, `fee_charged`, …) are plain functions; `EventFactory` wraps them into
envelopes with deterministic ids (ev-000001, …) and a clock that advances one second per event.
Numbers may be given as str, int or Decimal (never float).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from domain.client_order_ids import client_order_id_for, is_ours
from domain.events import (
    BalanceChanged,
    EngineStateChanged,
    Event,
    EventPayload,
    FeeCharged,
    FundingApplied,
    LeverageChanged,
    OrderFacts,
    OrderPlaced,
    OrderUpdated,
    PositionChanged,
    TradeExecuted,
    new_event,
)
from domain.projections.state import ProjectionState
from domain.reconciliation import reconcile, recorded
from domain.reports import (
    BalanceReport,
    ExchangeSnapshot,
    IncomeReport,
    OrderOwner,
    PositionReport,
    SymbolRules,
    TradeReport,
)
from domain.values import EngineState, Mode, OrderStatus, OrderType, Scope, Side, Source, TimeInForce

Num = Decimal | str | int
AUTO: Any = object()  # "derive the default from the other arguments"

SCOPE = Scope("BINANCE", "FUTURES", "main", "XRPUSDT", Mode.SIM)
SYMBOL = SCOPE.symbol
T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
OUR_CLIENT_ID = client_order_id_for("cmd-1")
EXTERNAL_CLIENT_ID = "web_manual_order_1"
RULES = SymbolRules(
    symbol=SYMBOL,
    tick_size=Decimal("0.0001"),
    step_size=Decimal("0.1"),
    min_qty=Decimal("0.1"),
    max_qty=Decimal("1000000"),
    min_notional=Decimal("5"),
    market_step_size=Decimal("0.1"),
)


def dec(value: Num) -> Decimal:
    """Decimal from str/int/Decimal; floats are refused because they carry binary rounding."""
    if isinstance(value, (float, bool)):
        raise TypeError(f"use a str or Decimal, not {value!r}")
    return value if isinstance(value, Decimal) else Decimal(value)


def at(seconds: float = 0, *, days: int = 0) -> datetime:
    """T0 shifted by whole days and seconds."""
    return T0 + timedelta(days=days, seconds=seconds)


def trade_executed(
    trade_id: int = 1,
    *,
    order_id: int = 1,
    client_order_id: str | None = OUR_CLIENT_ID,
    side: Side | str = Side.BUY,
    qty: Num = "1",
    price: Num = "0.5",
    realized_pnl: Num = "0",
    maker: bool = False,
    external: bool | None = None,
    executed_at: datetime = T0,
) -> TradeExecuted:
    external = not is_ours(client_order_id) if external is None else external
    return TradeExecuted(
        trade_id,
        order_id,
        client_order_id,
        Side(side),
        dec(price),
        dec(qty),
        dec(realized_pnl),
        maker,
        external,
        executed_at,
    )


def fee_charged(
    trade_id: int = 1,
    *,
    amount: Num = "0.0002",
    asset: str = "USDT",
    charged_at: datetime = T0,
) -> FeeCharged:
    return FeeCharged(trade_id, asset, dec(amount), charged_at)


def funding_applied(
    *,
    amount: Num = "-0.01",
    asset: str = "USDT",
    funding_time: datetime = T0,
    tran_id: int | None = 1,
) -> FundingApplied:
    return FundingApplied(asset, dec(amount), funding_time, tran_id)


def order_facts(
    order_id: int = 1,
    *,
    kind: type[OrderFacts] = OrderFacts,
    conditional: bool = False,
    client_order_id: Any = AUTO,
    side: Side | str = Side.BUY,
    order_type: OrderType | str | None = None,
    qty: Num = "1",
    price: Any = AUTO,
    trigger_price: Any = AUTO,
    reduce_only: bool | None = None,
    close_position: bool = False,
    time_in_force: Any = AUTO,
    status: OrderStatus | str = OrderStatus.NEW,
    filled_qty: Num = "0",
    avg_price: Num = "0",
    external: bool | None = None,
    updated_at: datetime = T0,
    **extra: Any,
) -> OrderFacts:
    """An order report: a GTC limit at 0.5 by default; conditional=True gives a reduce-only STOP_MARKET at 0.45.

    Enum fields also accept their string values (status="FILLED"); `extra` reaches the payload class (command_id=...).
    """
    if client_order_id is AUTO:
        client_order_id = client_order_id_for(f"cmd-{order_id}", "stop" if conditional else "main")
    return kind(
        client_order_id=client_order_id,
        order_id=order_id,
        conditional=conditional,
        side=Side(side),
        order_type=OrderType(order_type or (OrderType.STOP_MARKET if conditional else OrderType.LIMIT)),
        quantity=dec(qty),
        price=_optional(price, None if conditional else "0.5"),
        trigger_price=_optional(trigger_price, "0.45" if conditional else None),
        reduce_only=conditional if reduce_only is None else reduce_only,
        close_position=close_position,
        time_in_force=_auto(time_in_force, None if conditional else TimeInForce.GTC),
        status=OrderStatus(status),
        filled_qty=dec(filled_qty),
        avg_price=dec(avg_price),
        external=not is_ours(client_order_id) if external is None else external,
        updated_at=updated_at,
        **extra,
    )


def _auto(value: Any, default: Any) -> Any:
    return default if value is AUTO else value


def _optional(value: Any, default: Num | None) -> Decimal | None:
    chosen = _auto(value, default)
    return None if chosen is None else dec(chosen)


def order_placed(order_id: int = 1, **overrides: Any) -> OrderPlaced:
    """OrderPlaced with the defaults of `order_facts`; command_id=... is accepted."""
    return order_facts(order_id, kind=OrderPlaced, **overrides)  # type: ignore[return-value]


def order_updated(order_id: int = 1, **overrides: Any) -> OrderUpdated:
    """OrderUpdated with the defaults of `order_facts`."""
    return order_facts(order_id, kind=OrderUpdated, **overrides)  # type: ignore[return-value]


def balance_changed(
    asset: str = "USDT",
    *,
    wallet: Num = "1000",
    cross_wallet: Num | None = None,
    reason: str = "ORDER",
    changed_at: datetime = T0,
) -> BalanceChanged:
    return BalanceChanged(asset, dec(wallet), dec(wallet if cross_wallet is None else cross_wallet), reason, changed_at)


def position_changed(
    *,
    qty: Num = "1",
    entry_price: Num = "0.5",
    reason: str = "ORDER",
    changed_at: datetime = T0,
) -> PositionChanged:
    return PositionChanged(dec(qty), dec(entry_price), reason, changed_at)


def leverage_changed(leverage: int = 10, *, changed_at: datetime = T0) -> LeverageChanged:
    return LeverageChanged(leverage, changed_at)


def engine_state_changed(
    state: EngineState = EngineState.PAUSED,
    *,
    reason: str = "paused by user",
    command_id: str | None = None,
) -> EngineStateChanged:
    return EngineStateChanged(state, reason, command_id)


class EventFactory:
    """Deterministic envelopes: ids `<prefix>-000001`, …; the clock starts at `start` and advances `step` per event.

    The payload's own time (executed_at, changed_at, …) defaults to the event's ts; pass it to override.
    """

    def __init__(
        self,
        *,
        start: datetime = T0,
        step: timedelta = timedelta(seconds=1),
        scope: Scope = SCOPE,
        source: Source = Source.SIM,
        prefix: str = "ev",
    ) -> None:
        self.now = start
        self._step, self._scope, self._source, self._prefix = step, scope, source, prefix
        self._count = 0

    def next_id(self) -> str:
        self._count += 1
        return f"{self._prefix}-{self._count:06d}"

    def event(self, payload: EventPayload, *, ts: datetime | None = None, **envelope: Any) -> Event:
        """Wrap any payload; envelope overrides: scope, source, correlation_id, causation_id."""
        stamp = self._tick() if ts is None else ts
        options = {"scope": self._scope, "source": self._source, **envelope}
        return new_event(payload, event_id=self.next_id(), ts=stamp, **options)

    def trade(self, trade_id: int = 1, **overrides: Any) -> Event:
        return self._timed(trade_executed, "executed_at", trade_id, **overrides)

    def fee(self, trade_id: int = 1, **overrides: Any) -> Event:
        return self._timed(fee_charged, "charged_at", trade_id, **overrides)

    def funding(self, **overrides: Any) -> Event:
        return self._timed(funding_applied, "funding_time", **overrides)

    def order_placed(self, order_id: int = 1, **overrides: Any) -> Event:
        return self._timed(order_placed, "updated_at", order_id, **overrides)

    def order_updated(self, order_id: int = 1, **overrides: Any) -> Event:
        return self._timed(order_updated, "updated_at", order_id, **overrides)

    def balance(self, asset: str = "USDT", **overrides: Any) -> Event:
        return self._timed(balance_changed, "changed_at", asset, **overrides)

    def position(self, **overrides: Any) -> Event:
        return self._timed(position_changed, "changed_at", **overrides)

    def leverage(self, leverage: int = 10, **overrides: Any) -> Event:
        return self._timed(leverage_changed, "changed_at", leverage, **overrides)

    def engine_state(self, state: EngineState = EngineState.PAUSED, **overrides: Any) -> Event:
        return self.event(engine_state_changed(state, **overrides))

    def _tick(self) -> datetime:
        self.now += self._step
        return self.now

    def _timed(self, build: Callable[..., EventPayload], time_field: str, *args: Any, **overrides: Any) -> Event:
        ts = self._tick()
        overrides.setdefault(time_field, ts)
        return self.event(build(*args, **overrides), ts=ts)


def fold(events: Iterable[Event]) -> ProjectionState:
    """The projection state after applying `events` in order (no store, so no dedup)."""
    state = ProjectionState()
    for event in events:
        state.apply(event)
    return state


def trade_report(
    trade_id: int = 1,
    *,
    order_id: int = 1,
    client_order_id: str | None = None,
    side: Side | str = Side.BUY,
    qty: Num = "1",
    price: Num = "0.5",
    realized_pnl: Num = "0",
    commission: Num = "0.0002",
    commission_asset: str = "USDT",
    maker: bool = False,
    executed_at: datetime = T0,
) -> TradeReport:
    return TradeReport(
        trade_id,
        order_id,
        client_order_id,
        Side(side),
        dec(price),
        dec(qty),
        dec(realized_pnl),
        dec(commission),
        commission_asset,
        maker,
        executed_at,
    )


def position_report(
    *,
    qty: Num = "0",
    entry_price: Num = "0",
    mark_price: Num = "0.5",
    unrealized_pnl: Num = "0",
    leverage: int | None = None,
    updated_at: datetime = T0,
) -> PositionReport:
    return PositionReport(dec(qty), dec(entry_price), dec(mark_price), dec(unrealized_pnl), leverage, updated_at)


def balance_report(
    asset: str = "USDT",
    *,
    wallet: Num = "1000",
    cross_wallet: Num | None = None,
    available: Num | None = None,
    updated_at: datetime = T0,
) -> BalanceReport:
    cross = dec(wallet if cross_wallet is None else cross_wallet)
    return BalanceReport(asset, dec(wallet), cross, dec(wallet if available is None else available), updated_at)


def income_report(
    *,
    income_type: str = "FUNDING_FEE",
    asset: str = "USDT",
    amount: Num = "-0.01",
    time: datetime = T0,
    tran_id: int = 1,
    trade_id: int | None = None,
) -> IncomeReport:
    return IncomeReport(income_type, asset, dec(amount), time, tran_id, trade_id)


def snapshot(
    *,
    taken_at: datetime | None = None,
    trades: Iterable[TradeReport] = (),
    orders: Iterable[OrderFacts] = (),
    position: PositionReport | None = None,
    balances: Iterable[BalanceReport] = (),
    incomes: Iterable[IncomeReport] = (),
    owners: Iterable[OrderOwner] = (),
) -> ExchangeSnapshot:
    """An exchange snapshot; by default flat, no orders, no balances, taken at T0 + 1 h."""
    return ExchangeSnapshot(
        taken_at=at(3600) if taken_at is None else taken_at,
        trades=tuple(trades),
        orders=tuple(orders),
        position=position_report() if position is None else position,
        balances=tuple(balances),
        incomes=tuple(incomes),
        owners=tuple(owners),
    )


def reconcile_against(
    exchange: ExchangeSnapshot, state: ProjectionState | None = None, **options: Any
) -> list[EventPayload]:
    """What a pass of SYMBOL against `exchange` appends to a log that holds none of its facts yet (an empty local state
    by default): the facts followed by Reconciled, or nothing when local state agrees."""
    return recorded(reconcile(exchange, state or ProjectionState(), SYMBOL, **options))


def of_type(payloads: Iterable[EventPayload], kind: type) -> list:
    return [p for p in payloads if isinstance(p, kind)]
