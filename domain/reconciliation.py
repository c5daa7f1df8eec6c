"""Reconciliation: compare what the exchange reports with local state and return the facts that make them converge."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from datetime import datetime, timedelta
from decimal import Decimal

from domain import order_owners
from domain.client_order_ids import is_ours
from domain.events import (
    BalanceChanged,
    DriftDetected,
    EventPayload,
    FeeCharged,
    FundingApplied,
    LeverageChanged,
    LiquidationFeeCharged,
    OrderFacts,
    OrderPlaced,
    OrderUpdated,
    PositionChanged,
    Reconciled,
    TradeAttributed,
    TradeExecuted,
    TransferMade,
)
from domain.projections.position import after_trade
from domain.projections.rows import Balance, OpenOrder, Position
from domain.projections.state import ProjectionState
from domain.reports import BalanceReport, ExchangeSnapshot, IncomeReport, PositionReport, TradeReport
from domain.times import epoch_ms
from domain.values import ZERO

FUNDING_FEE = "FUNDING_FEE"
INSURANCE_CLEAR = "INSURANCE_CLEAR"
TRANSFER = "TRANSFER"
MISSING = "MISSING"
RECONCILE = "reconcile"
_BALANCE_FIELDS = ("wallet_balance", "cross_wallet_balance")
_JUST_PAST = timedelta(microseconds=1)

Ours = Callable[[str | None], bool]


def reconcile(
    snapshot: ExchangeSnapshot,
    state: ProjectionState,
    symbol: str,
    *,
    ours: Ours = is_ours,
    price_tolerance: Decimal = ZERO,
) -> list[EventPayload]:
    """Return the missing facts, drifts and corrections; the exchange wins every disagreement; nothing if all agree.

    The caller keeps those the log does not hold yet and appends them as `recorded` says; the store's dedup keys make
    a repeated pass harmless.
    price_tolerance: how far the local entry price may be from the exchange's before it counts as a drift
    (the entry is corrected on any difference; the tolerance only silences DriftDetected).
    """
    if not price_tolerance.is_finite() or price_tolerance < ZERO:
        raise ValueError(f"price_tolerance must be a Decimal ≥ 0, got {price_tolerance}")
    client_ids = order_owners.client_ids(snapshot, state)
    fills = _missing_trades(snapshot, state, client_ids, ours)
    expected = _fold(state.position(symbol), (p for p in fills if isinstance(p, TradeExecuted)))
    return [
        *fills,
        *_attributions(snapshot, state, client_ids, ours),
        *_funding(snapshot.incomes),
        *_liquidation_fees(snapshot.incomes),
        *_transfers(snapshot.incomes),
        *_orders(snapshot.orders, state, ours),
        *_position(snapshot.position, expected, symbol, price_tolerance, snapshot.taken_at),
        *_balances(snapshot.balances, state, snapshot.taken_at),
    ]


def recorded(new: Sequence[EventPayload]) -> list[EventPayload]:
    """What a pass appends: its new facts followed by Reconciled with their counts, or nothing when none is new.

    PRD §4.7 records Reconciled after a correction: a pass that found nothing leaves the log as it was (its time is on
    the health row), so the log grows with facts, not with the poll interval (ADR 0063).
    """
    if not new:
        return []
    drifts = sum(isinstance(p, DriftDetected) for p in new)
    return [*new, Reconciled(appended=len(new) - drifts, drifts=drifts)]


def _missing_trades(
    snapshot: ExchangeSnapshot,
    state: ProjectionState,
    client_ids: dict[int, str],
    ours: Ours,
) -> list[EventPayload]:
    payloads: list[EventPayload] = []
    # A trade listed twice (overlapping pages) is one fill: dedupe on the trade id
    unique = {t.trade_id: t for t in reversed(snapshot.trades)}
    for report in sorted(unique.values(), key=lambda t: t.trade_id):
        local = state.trade(report.trade_id)
        if local is None or local.price is None:
            payloads.append(_trade(report, report.client_order_id or client_ids.get(report.order_id), ours))
        if local is None or local.fee is None:
            payloads.append(FeeCharged(report.trade_id, report.commission_asset, report.commission, report.executed_at))
    return payloads


def _attributions(
    snapshot: ExchangeSnapshot,
    state: ProjectionState,
    client_ids: dict[int, str],
    ours: Ours,
) -> list[EventPayload]:
    """Fills stored without a client id (their order was invisible then) whose order is now known to be ours."""
    commands = {owner.order_id: owner.command_id for owner in snapshot.owners}
    return [
        TradeAttributed(trade.trade_id, trade.order_id, client_ids[trade.order_id], commands.get(trade.order_id))
        for trade in state.trades_without_client_id()
        if trade.price is not None and trade.order_id is not None and ours(client_ids.get(trade.order_id))
    ]


def _trade(report: TradeReport, client_order_id: str | None, ours: Ours) -> TradeExecuted:
    return TradeExecuted(
        trade_id=report.trade_id,
        order_id=report.order_id,
        client_order_id=client_order_id,
        side=report.side,
        price=report.price,
        quantity=report.quantity,
        realized_pnl=report.realized_pnl,
        maker=report.maker,
        external=not ours(client_order_id),
        executed_at=report.executed_at,
    )


def _fold(position: Position, trades: Iterable[TradeExecuted]) -> Position:
    for trade in trades:
        position = after_trade(position, trade)
    return position


def _funding(incomes: Iterable[IncomeReport]) -> list[EventPayload]:
    # Local state keeps no per-settlement rows, so every one is proposed and the store's dedup key decides
    unique = {(i.asset, i.time): i for i in reversed(list(incomes)) if i.income_type == FUNDING_FEE}
    rows = sorted(unique.values(), key=lambda i: (i.time, i.asset, i.tran_id))
    return [FundingApplied(row.asset, row.amount, row.time, row.tran_id) for row in rows]


def _liquidation_fees(incomes: Iterable[IncomeReport]) -> list[EventPayload]:
    # Known only from income history (the stream shows just the balance change): proposed each time, as funding is
    unique = {i.tran_id: i for i in incomes if i.income_type == INSURANCE_CLEAR}
    rows = sorted(unique.values(), key=lambda i: (i.time, i.tran_id))
    return [LiquidationFeeCharged(row.asset, -row.amount, row.time, row.tran_id) for row in rows]


def _transfers(incomes: Iterable[IncomeReport]) -> list[EventPayload]:
    # Every row is proposed: the (asset, amount, millisecond) key makes the command's and the stream's report of the
    # same transfer the same fact (ADR 0090)
    unique = {i.tran_id: i for i in incomes if i.income_type == TRANSFER}
    rows = sorted(unique.values(), key=lambda i: (i.time, i.tran_id))
    return [TransferMade(row.asset, row.amount, row.time, row.tran_id) for row in rows]


def _orders(reports: Sequence[OrderFacts], state: ProjectionState, ours: Ours) -> list[EventPayload]:
    local = {order.order_key: order for order in state.open_orders()}
    # An order may be listed twice (open list and a targeted lookup): keep its most advanced report
    latest = {o.order_key: o for o in sorted(reports, key=_progress)}
    payloads: list[EventPayload] = []
    for report in sorted(latest.values(), key=lambda o: (o.conditional, o.order_id)):
        current = local.get(report.order_key)
        if current is None:
            kind = OrderPlaced if report.status.is_open else OrderUpdated
            payloads.append(_order(kind, report, ours))
        elif _is_newer(report, current) and (report.status, report.filled_qty) != (current.status, current.filled_qty):
            payloads.append(_order(OrderUpdated, report, ours))
    reported = set(latest)
    # No correction: absence from the open list is not proof of a fill or a cancel; the caller looks it up
    payloads.extend(
        DriftDetected("order", order.order_key, "status", order.status.value, MISSING)
        for order in sorted(local.values(), key=lambda o: (o.conditional, o.order_id))
        if order.order_key not in reported
    )
    return payloads


def _progress(order: OrderFacts) -> tuple[Decimal, datetime, bool]:
    return order.filled_qty, order.updated_at, not order.status.is_open


def _is_newer(report: OrderFacts, current: OpenOrder) -> bool:
    # An older report than the local row (fewer fills, earlier time) must not undo what the stream already told us
    return report.filled_qty >= current.filled_qty and report.updated_at >= current.updated_at


def _order(kind: type[OrderPlaced] | type[OrderUpdated], report: OrderFacts, ours: Ours) -> OrderFacts:
    values = {f.name: getattr(report, f.name) for f in fields(OrderFacts)}
    values["external"] = not ours(report.client_order_id)
    return kind(**values)


def _position(
    report: PositionReport,
    expected: Position,
    symbol: str,
    tolerance: Decimal,
    taken_at: datetime,
) -> list[EventPayload]:
    if expected.updated_at is not None and _later_millisecond(expected.updated_at, report.updated_at):
        # The snapshot predates a fill we already know: it must never cancel that fill
        return []
    payloads: list[EventPayload] = []
    quantity_differs = report.quantity != expected.quantity
    # The entry price means something only when both sides hold the same non-zero quantity
    comparable = not quantity_differs and report.quantity != ZERO
    entry_gap = abs(report.entry_price - expected.entry_price) if comparable else ZERO
    if quantity_differs:
        payloads.append(DriftDetected("position", symbol, "quantity", str(expected.quantity), str(report.quantity)))
    if entry_gap > tolerance and entry_gap >= _last_digit(report.entry_price):
        local, theirs = str(expected.entry_price), str(report.entry_price)
        payloads.append(DriftDetected("position", symbol, "entry_price", local, theirs))
    if quantity_differs or entry_gap > ZERO:
        payloads.append(PositionChanged(report.quantity, report.entry_price, RECONCILE, _as_of(report, taken_at)))
    if report.leverage is not None and report.leverage != expected.leverage:
        payloads.append(LeverageChanged(report.leverage, report.updated_at))
    return payloads


def _last_digit(reported: Decimal) -> Decimal:
    """One unit of the reported value's last digit: the exchange rounds an averaged entry price to it, so a smaller gap
    is that rounding, not a drift (the entry is still corrected to the exchange's value)."""
    exponent = reported.as_tuple().exponent
    return Decimal(1).scaleb(exponent) if isinstance(exponent, int) else ZERO


def _balances(reports: Iterable[BalanceReport], state: ProjectionState, taken_at: datetime) -> list[EventPayload]:
    local = {balance.asset: balance for balance in state.balances()}
    ordered = sorted(reports, key=lambda b: b.asset)
    return [payload for report in ordered for payload in _balance(report, local.get(report.asset), taken_at)]


def _balance(report: BalanceReport, current: Balance | None, taken_at: datetime) -> list[EventPayload]:
    correction = BalanceChanged(
        report.asset,
        report.wallet_balance,
        report.cross_wallet_balance,
        RECONCILE,
        _as_of(report, taken_at),
    )
    if current is None:
        return [correction]
    differing = [name for name in _BALANCE_FIELDS if getattr(current, name) != getattr(report, name)]
    if not differing or _later_millisecond(current.updated_at, report.updated_at):
        # Equal, or a snapshot older than what the stream already told us: nothing to correct
        return []
    if _later_millisecond(report.updated_at, current.updated_at):
        # A newer report is simply a fact we missed, not a disagreement
        return [correction]
    drifts = [
        DriftDetected("balance", report.asset, name, str(getattr(current, name)), str(getattr(report, name)))
        for name in differing
    ]
    return [*drifts, correction]


def _as_of(report: PositionReport | BalanceReport, taken_at: datetime) -> datetime:
    """A correction holds as of the read, not as of the exchange's last change: stream snapshots stamped with that
    same millisecond (one order's fills share it) must not override it, and each pass's correction gets its own key."""
    if taken_at > report.updated_at:
        return taken_at
    # Read in the change's own millisecond (a pass in the cycle of the fill, on the simulation's clock): the fold lets
    # an equal stamp win, yet that millisecond's stream snapshots are inside the read, so it holds just past them
    return report.updated_at + _JUST_PAST


def _later_millisecond(one: datetime, other: datetime) -> bool:
    """Whether `one` falls in a later millisecond than `other`, the exchange's resolution: a correction stamped past a
    fill's millisecond must not hide a change the exchange made later in that same millisecond from the next pass."""
    return epoch_ms(one) > epoch_ms(other)
