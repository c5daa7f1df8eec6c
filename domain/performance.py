"""What a stretch of trading did, folded from its event log with the projections' own fold: PnL, fees, funding,
positions held, the equity marked at given prices, its drawdown and the exposure (ADR 0093)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from domain.events import (
    CommandFailed,
    EventPayload,
    ExchangeErrorRecorded,
    FeeCharged,
    OrderRejected,
    PositionChanged,
    RiskGuardRejected,
    StoredEvent,
    TradeExecuted,
)
from domain.projections import ledger
from domain.projections.rows import PnlDay, Position
from domain.projections.state import ProjectionState
from domain.values import ZERO


@dataclass(frozen=True)
class PricePoint:
    """A price the equity is marked at (a kline's close, at its close time)."""

    at: datetime
    price: Decimal


@dataclass(frozen=True)
class EquityPoint:
    at: datetime
    equity: Decimal
    drawdown: Decimal  # equity minus the highest equity so far: zero or negative
    position: Decimal


@dataclass
class RoundTrip:
    """From flat (or a reversal) to flat again: one position held, with what its fills realized and cost."""

    opened_at: datetime
    side: str
    closed_at: datetime | None = None
    largest: Decimal = ZERO
    fills: int = 0
    realized_pnl: Decimal = ZERO
    fees: Decimal = ZERO


@dataclass(frozen=True)
class Performance:
    """Money in the quote asset; fractions of the starting balance or of the period; the curve oldest first."""

    start: datetime
    end: datetime
    start_balance: Decimal
    fills: int
    orders: int
    bought: Decimal
    sold: Decimal
    traded_notional: Decimal
    realized_pnl: Decimal
    fees: Decimal
    funding: Decimal
    unrealized_pnl: Decimal
    final_position: Position
    max_drawdown: Decimal
    max_drawdown_fraction: Decimal
    max_drawdown_at: datetime | None
    time_in_market: timedelta
    average_notional: Decimal
    max_notional: Decimal
    round_trips: tuple[RoundTrip, ...]
    curve: tuple[EquityPoint, ...]
    # What kept decisions from the exchange or failed, by kind ("risk guard: daily_loss_limit"), counted from the log
    incidents: tuple[tuple[str, int], ...] = ()

    @property
    def net_pnl(self) -> Decimal:
        """Realized PnL less fees plus funding: what the wallet gained (the ledger keeps the three apart)."""
        return self.realized_pnl - self.fees + self.funding

    @property
    def end_equity(self) -> Decimal:
        return self.start_balance + self.net_pnl + self.unrealized_pnl

    @property
    def time_in_market_fraction(self) -> Decimal:
        period = (self.end - self.start).total_seconds()
        return Decimal(0) if period <= 0 else Decimal(self.time_in_market.total_seconds()) / Decimal(period)


@dataclass
class _Fold:
    symbol: str
    start_balance: Decimal
    state: ProjectionState = field(default_factory=ProjectionState)
    fills: int = 0
    filled: Decimal = ZERO
    bought: Decimal = ZERO
    sold: Decimal = ZERO
    traded: Decimal = ZERO
    orders: set[int] = field(default_factory=set)
    trips: list[RoundTrip] = field(default_factory=list)
    trip_of_trade: dict[int, RoundTrip] = field(default_factory=dict)
    fee_of_trade: dict[int, Decimal] = field(default_factory=dict)
    held_since: datetime | None = None
    in_market: timedelta = timedelta(0)
    notional_seconds: Decimal = ZERO
    max_notional: Decimal = ZERO
    incidents: dict[str, int] = field(default_factory=dict)

    def apply(self, stored: StoredEvent) -> None:
        event = stored.event
        before = self.state.position(self.symbol)
        self.state.apply(event)
        payload = event.payload
        if isinstance(payload, TradeExecuted):
            self._fill(payload)
        elif isinstance(payload, FeeCharged):
            self.fee_of_trade[payload.trade_id] = self.fee_of_trade.get(payload.trade_id, ZERO) + payload.amount
        elif (kind := _incident(payload)) is not None:
            self.incidents[kind] = self.incidents.get(kind, 0) + 1
        self._exposure(before, self.state.position(self.symbol), _happened(payload, event.ts))

    def _fill(self, fill: TradeExecuted) -> None:
        # Positions are cut from the fills alone: the exchange's snapshot of a fill's result may come before the fill
        held = self.filled
        self.filled += fill.quantity * fill.side.sign
        self.fills += 1
        self.orders.add(fill.order_id)
        self.traded += fill.price * fill.quantity
        if fill.side.sign > 0:
            self.bought += fill.quantity
        else:
            self.sold += fill.quantity
        after = self.filled
        trip = self.trips[-1] if self.trips and self.trips[-1].closed_at is None else None
        if trip is None:
            trip = self._open(fill.executed_at, after)
        self._count(trip, fill)
        if after == ZERO or after * held < ZERO:
            trip.closed_at = fill.executed_at
        if after * held < ZERO:
            # The remainder of a reversing fill opens the next position
            self._open(fill.executed_at, after).largest = abs(after)
        elif after != ZERO:
            trip.largest = max(trip.largest, abs(after))

    def _open(self, at: datetime, quantity: Decimal) -> RoundTrip:
        trip = RoundTrip(at, "LONG" if quantity > ZERO else "SHORT")
        self.trips.append(trip)
        return trip

    def _count(self, trip: RoundTrip, fill: TradeExecuted) -> None:
        trip.fills += 1
        trip.realized_pnl += fill.realized_pnl
        self.trip_of_trade[fill.trade_id] = trip

    def _exposure(self, before: Position, after: Position, at: datetime) -> None:
        if before.quantity == after.quantity and before.entry_price == after.entry_price:
            return
        if self.held_since is not None:
            # Exchange times of facts recorded together may run a little out of order: never count negative time
            held = max(at - self.held_since, timedelta(0))
            self.in_market += held
            self.notional_seconds += abs(before.quantity) * before.entry_price * Decimal(held.total_seconds())
        self.held_since = at if after.quantity != ZERO else None
        self.max_notional = max(self.max_notional, abs(after.quantity) * after.entry_price)

    def ledger(self) -> PnlDay:
        """Realized PnL, fees and funding so far, as the projections' ledger holds them."""
        return ledger.total(self.state.pnl_days())

    def equity(self, price: Decimal) -> Decimal:
        unrealized = self.state.position(self.symbol).unrealized_pnl(price)
        return self.start_balance + self.ledger().net + unrealized

    def close(self, end: datetime) -> None:
        """Count the position still held at the end of the period."""
        if self.held_since is not None and end > self.held_since:
            position = self.state.position(self.symbol)
            held = end - self.held_since
            self.in_market += held
            self.notional_seconds += abs(position.quantity) * position.entry_price * Decimal(held.total_seconds())
            self.held_since = end
        for trade_id, fee in self.fee_of_trade.items():
            trip = self.trip_of_trade.get(trade_id)
            if trip is not None:
                trip.fees += fee


def _happened(payload: EventPayload, recorded: datetime) -> datetime:
    """When the exchange says a position changed: a fill's or a snapshot's own time, not when the bot recorded it."""
    if isinstance(payload, TradeExecuted):
        return payload.executed_at
    if isinstance(payload, PositionChanged):
        return payload.changed_at
    return recorded


def _incident(payload: EventPayload) -> str | None:
    if isinstance(payload, RiskGuardRejected):
        return f"risk guard: {payload.rule}"
    if isinstance(payload, OrderRejected):
        return f"order rejected: {payload.code}"
    if isinstance(payload, CommandFailed):
        return f"command failed: {payload.command_type}"
    if isinstance(payload, ExchangeErrorRecorded):
        return f"error: {payload.operation}"
    return None


def performance(
    events: Iterable[StoredEvent],
    prices: Sequence[PricePoint],
    symbol: str,
    start_balance: Decimal,
    period: tuple[datetime, datetime],
) -> Performance:
    """Fold `events` (ascending seq, each stamped when it was recorded) and mark the equity at each of `prices`
    inside `period`: an event counts at a price point once its time is not after the point's."""
    start, end = period
    fold = _Fold(symbol, start_balance)
    pending = iter(events)
    waiting = next(pending, None)
    curve: list[EquityPoint] = []
    peak: Decimal | None = None
    for point in (p for p in prices if start <= p.at <= end):
        while waiting is not None and waiting.event.ts <= point.at:
            fold.apply(waiting)
            waiting = next(pending, None)
        equity = fold.equity(point.price)
        peak = equity if peak is None else max(peak, equity)
        curve.append(EquityPoint(point.at, equity, equity - peak, fold.state.position(symbol).quantity))
    while waiting is not None:
        fold.apply(waiting)
        waiting = next(pending, None)
    fold.close(end)
    return _figures(fold, curve, start_balance, period, prices)


def _figures(
    fold: _Fold,
    curve: list[EquityPoint],
    start_balance: Decimal,
    period: tuple[datetime, datetime],
    prices: Sequence[PricePoint],
) -> Performance:
    start, end = period
    deepest = min(curve, key=lambda point: point.drawdown, default=None)
    drawdown = ZERO if deepest is None else deepest.drawdown
    peak_then = None if deepest is None else deepest.equity - deepest.drawdown
    seconds = Decimal(fold.in_market.total_seconds())
    position = fold.state.position(fold.symbol)
    last_price = next((p.price for p in reversed(prices) if p.at <= end), None)
    totals = fold.ledger()
    return Performance(
        start=start,
        end=end,
        start_balance=start_balance,
        fills=fold.fills,
        orders=len(fold.orders),
        bought=fold.bought,
        sold=fold.sold,
        traded_notional=fold.traded,
        realized_pnl=totals.realized_pnl,
        fees=totals.fees,
        funding=totals.funding,
        unrealized_pnl=ZERO if last_price is None else position.unrealized_pnl(last_price),
        final_position=position,
        max_drawdown=drawdown,
        max_drawdown_fraction=ZERO if not peak_then else drawdown / peak_then,
        max_drawdown_at=None if deepest is None or drawdown == ZERO else deepest.at,
        time_in_market=fold.in_market,
        average_notional=fold.notional_seconds / seconds if seconds else ZERO,
        max_notional=fold.max_notional,
        round_trips=tuple(fold.trips),
        curve=tuple(curve),
        incidents=tuple(sorted(fold.incidents.items())),
    )
