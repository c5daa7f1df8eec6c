"""The reconciler: read the exchange over REST, let the domain work out what is missing, append it (source REST)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from application.event_writer import EventWriter
from application.in_flight import in_flight
from application.projector import Projector
from domain import order_owners
from domain.events import DriftDetected, EventPayload, FundingApplied, OrderFacts, OrderPlaced, OrderUpdated
from domain.order_owners import Intent
from domain.projections.state import ProjectionState
from domain.reconciliation import reconcile, recorded
from domain.reports import ExchangeSnapshot, IncomeReport, OrderOwner, PositionReport, TradeReport
from domain.values import ZERO, Scope, Source
from ports.clock import Clock, IdGenerator
from ports.command_store import CommandStore
from ports.event_store import EventQuery, EventStore
from ports.exchange import ExchangeGateway, StreamState

_ORDER_TYPES = (OrderPlaced.TYPE, OrderUpdated.TYPE)
# Not yet heard from, or connected: the poll runs at its own pace; any other state polls fast
_HEALTHY = frozenset({StreamState.CONNECTED, StreamState.UNKNOWN})
_REVIVED_BY_A_FACT = frozenset({StreamState.SILENT, StreamState.UNKNOWN})


class UnsupportedAccount(Exception):
    """The account is set up in a way the bot cannot trade (Hedge Mode, an isolated symbol): it stays failed closed
    until that changes."""


HEDGE_MODE = (
    "the account is in Hedge Mode (dualSidePosition); AlphaEngine trades in One-way Mode only: switch Position Mode "
    "to One-way on Binance (possible once no position and no open order is left) and the bot reopens by itself"
)


ISOLATED_MARGIN = (
    "{symbol} is in Isolated Margin mode (symbolConfig marginType ISOLATED); AlphaEngine sizes and guards its trades "
    "on cross margin only: close {symbol}'s position and open orders on Binance, switch its Margin Mode to Cross "
    "(POST /fapi/v1/marginType marginType=CROSSED) and the bot reopens by itself"
)


@dataclass(frozen=True)
class ReconcileOutcome:
    """One pass: when its snapshot was taken, what it appended (nothing when all agreed), how many events were stored,
    how many drifts it found."""

    taken_at: datetime
    payloads: tuple[EventPayload, ...]
    stored: int
    drifts: int


class Reconciler:
    """Gathers an ExchangeSnapshot for one symbol and appends the facts `domain.reconciliation.reconcile` returns.

    Cursors keep passes cheap: trades are listed from the highest trade id an earlier pass saw over REST, income
    from the newest income time seen. The first pass of a process lists the newest trade page and everything after
    the last locally known trade, so holes left by a dropped stream before a restart are found too.
    """

    def __init__(
        self,
        gateway: ExchangeGateway,
        events: EventStore,
        projector: Projector,
        clock: Clock,
        ids: IdGenerator,
        scope: Scope,
        *,
        page_size: int = 1000,
        max_lookups: int = 10,
        log_lookback: int = 1000,
        price_tolerance: Decimal = ZERO,
        intents: CommandStore | None = None,
    ) -> None:
        if page_size < 1 or max_lookups < 0:
            raise ValueError(f"page_size must be ≥ 1 and max_lookups ≥ 0, got {page_size} and {max_lookups}")
        self._gateway, self._events, self._projector = gateway, events, projector
        self._clock, self._ids, self._scope = clock, ids, scope
        self._writer = EventWriter(events, ids, clock, scope)
        self._page_size, self._max_lookups, self._tolerance = page_size, max_lookups, price_tolerance
        self._log_lookback = log_lookback
        self._intents = intents
        self._trade_cursor: int | None = None
        self._income_since: datetime | None = None
        self._first_pass = True

    async def check_account(self) -> None:
        """Raise UnsupportedAccount if the account cannot be traded one-way; read at boot and before reopening (the
        symbol's margin type comes with every snapshot's position, which raises it too)."""
        if await self._gateway.hedge_mode():
            raise UnsupportedAccount(HEDGE_MODE)

    async def reconcile(self) -> ReconcileOutcome:
        """Run one pass; raises the gateway's ExchangeError (nothing appended) when the exchange cannot be read."""
        # The pass's one fold before reading: the snapshot and the comparison both work from this state
        self._projector.catch_up()
        return self.apply(await self.snapshot(self._projector.state))

    def apply(self, snapshot: ExchangeSnapshot) -> ReconcileOutcome:
        """Append what `snapshot` shows to be missing or different from the state it was read against, and fold it.

        The caller folded the log before reading the snapshot; only the gateway's own rate-limit facts can have been
        appended since, and no comparison reads them.
        """
        symbol = self._scope.symbol
        proposed = reconcile(snapshot, self._projector.state, symbol, price_tolerance=self._tolerance)
        # Facts the log already holds (a funding row listed again, a fill the stream delivered) make no pass of note
        payloads = recorded(self._writer.unseen(proposed))
        stored = self._append(payloads) if payloads else 0
        self._advance(snapshot)
        # Folded at once: whoever runs next (the in-flight resolution, the strategy) reads the corrected state
        self._projector.catch_up()
        drifts = sum(isinstance(p, DriftDetected) for p in payloads)
        return ReconcileOutcome(snapshot.taken_at, tuple(payloads), stored, drifts)

    async def snapshot(self, state: ProjectionState) -> ExchangeSnapshot:
        """Read trades first and the position after them, so the position is never older than the trades listed."""
        taken_at = self._clock.now()
        symbol = self._scope.symbol
        trades = await self._trades(state)
        orders = await self._orders(state)
        trades, owners = await self._with_client_ids(trades, state, orders)
        position = await self._gateway.position(symbol)
        # Raised before anything is appended: an isolated position's margin is not what the bot's risk guard sizes
        _require_cross(position, symbol)
        balances = await self._gateway.balances()
        since = self._income_start()
        incomes = [*await self._gateway.income(symbol, since), *await self._gateway.transfer_income(since)]
        return ExchangeSnapshot(
            taken_at,
            tuple(trades),
            tuple(orders),
            position,
            tuple(balances),
            tuple(incomes),
            owners,
        )

    async def _trades(self, state: ProjectionState) -> list[TradeReport]:
        if not self._first_pass:
            return await self._trades_from(self._trade_cursor)
        highest = state.highest_trade_id()
        newest = await self._gateway.user_trades(self._scope.symbol, None)
        after_known = await self._trades_from(highest) if highest is not None else []
        return _unique_by_trade_id([*newest, *after_known])

    async def _trades_from(self, from_id: int | None) -> list[TradeReport]:
        pages: list[TradeReport] = []
        while True:
            page = await self._gateway.user_trades(self._scope.symbol, from_id)
            pages.extend(page)
            # A short page is the last one; a full page may have more after its highest id
            if len(page) < self._page_size or from_id is None:
                return pages
            from_id = page[-1].trade_id + 1

    async def _with_client_ids(
        self,
        trades: list[TradeReport],
        state: ProjectionState,
        orders: Sequence[OrderFacts],
    ) -> tuple[list[TradeReport], tuple[OrderOwner, ...]]:
        """The listed fills with the client ids `domain.order_owners` finds, and the owners of their orders and of
        fills stored without one; this only gathers what it asks for: the log, the intents in flight, the lookups."""
        wanted = order_owners.sought(trades, state, orders)
        if not wanted:
            return trades, ()
        logged = self._order_facts_in_log()
        intents = self._intents_in_flight() if order_owners.unnamed_by_log(wanted, logged) else []
        looked_up = [
            (intent, await self._gateway.query_order(self._scope.symbol, intent.client_order_id, conditional=False))
            for intent in order_owners.to_look_up(wanted, logged, intents, self._max_lookups)
        ]
        found = order_owners.found(wanted, logged, intents, looked_up)
        commands = {client_id: self._command_of(client_id) for client_id in found.values()}
        return order_owners.named(trades, found), order_owners.owners(found, commands)

    def _command_of(self, client_order_id: str) -> str | None:
        link = None if self._intents is None else self._intents.order_link(client_order_id)
        return None if link is None else link.command_id

    def _intents_in_flight(self) -> list[Intent]:
        if self._intents is None:
            return []
        return [
            Intent(link.client_order_id, link.conditional, link.exchange_order_id)
            for record in in_flight(self._intents)
            for link in self._intents.order_links(record.command.command_id)
        ]

    def _order_facts_in_log(self) -> list[OrderFacts]:
        recent = self._events.query(EventQuery(types=_ORDER_TYPES, limit=self._log_lookback))
        return [stored.event.payload for stored in recent if isinstance(stored.event.payload, OrderFacts)]

    async def _orders(self, state: ProjectionState) -> list[OrderFacts]:
        listed = await self._gateway.open_orders(self._scope.symbol)
        reported = {order.order_key for order in listed}
        missing = [order for order in state.open_orders() if order.order_key not in reported]
        found: list[OrderFacts] = []
        # Absence from the open list proves nothing: one targeted lookup says whether it filled, closed or vanished
        for order in missing[: self._max_lookups]:
            current = await self._gateway.query_order(self._scope.symbol, order.client_order_id, order.conditional)
            if current is not None and current.order_key == order.order_key:
                found.append(current)
        return [*listed, *found]

    def _income_start(self) -> datetime | None:
        if self._income_since is not None or not self._first_pass:
            return self._income_since
        newest = self._events.query(EventQuery(types=(FundingApplied.TYPE,), limit=1))
        payload = newest[0].event.payload if newest else None
        return payload.funding_time if isinstance(payload, FundingApplied) else None

    def _append(self, payloads: Sequence[EventPayload]) -> int:
        # One correlation id ties together the facts one pass found
        appended = self._writer.append(payloads, Source.REST, correlation_id=self._ids.new_id())
        return sum(result.stored for result in appended)

    def _advance(self, snapshot: ExchangeSnapshot) -> None:
        self._first_pass = False
        if snapshot.trades:
            self._trade_cursor = max(self._trade_cursor or 0, *(t.trade_id for t in snapshot.trades))
        newest_income = _newest(snapshot.incomes)
        if newest_income is not None:
            self._income_since = max(self._income_since or newest_income, newest_income)


class ReconcileSchedule:
    """When the next pass is due: every poll interval, every fast interval while the stream is down, silent or the
    last pass failed or a command's outcome is unknown, and at once after a (re)connect or on request.

    The fast interval is 3 s, not 1: a pass weighs about 50 (userTrades, open orders, positionRisk, balance, income),
    and an idle account's stream is silent for hours; 3 s keeps that near 1 000 weight a minute, under the 1 500 warn
    line of PRD §4.11, where 1 s would cross Binance's 2 400 limit. While the governor reads SLOW both intervals
    double (ADR 0033).
    """

    def __init__(self, poll_interval: timedelta, fast_interval: timedelta = timedelta(seconds=3)) -> None:
        if fast_interval <= timedelta(0):
            raise ValueError(f"the fast interval must be positive, got {fast_interval}")
        self._fast = fast_interval
        self._poll = self._checked(poll_interval)
        self._last: datetime | None = None
        self._requested = True
        self._failing = False
        self.slowed = False
        # A command left SENT by an unknown outcome is looked up again at every pass: passes come fast meanwhile
        self.unsettled = False
        self.stream_state = StreamState.UNKNOWN

    @property
    def interval(self) -> timedelta:
        interval = min(self._fast, self._poll) if self.degraded or self.unsettled else self._poll
        return interval * 2 if self.slowed else interval

    def slow_down(self, slowed: bool) -> None:
        """Double both intervals while the request weight is near the limit (governor state SLOW)."""
        self.slowed = slowed

    @property
    def degraded(self) -> bool:
        return self._failing or self.stream_state not in _HEALTHY

    def set_poll_interval(self, poll_interval: timedelta) -> None:
        self._poll = self._checked(poll_interval)

    @staticmethod
    def _checked(poll_interval: timedelta) -> timedelta:
        if poll_interval <= timedelta(0):
            raise ValueError(f"the poll interval must be positive, got {poll_interval}")
        return poll_interval

    def on_stream_state(self, state: StreamState) -> None:
        """A status from the user-data stream; every (re)connect asks for a gap reconcile at once."""
        if state == StreamState.CONNECTED:
            self._requested = True
        self.stream_state = state

    def on_stream_message(self) -> None:
        """A fact arrived: a stream that had gone silent is evidently alive again."""
        if self.stream_state in _REVIVED_BY_A_FACT:
            self.stream_state = StreamState.CONNECTED

    def request(self) -> None:
        """Ask for a pass at the next opportunity (on demand)."""
        self._requested = True

    def due(self, now: datetime) -> bool:
        return self._requested or self._last is None or now - self._last >= self.interval

    def ran(self, now: datetime, ok: bool) -> None:
        self._last, self._requested, self._failing = now, False, not ok


def _unique_by_trade_id(trades: Sequence[TradeReport]) -> list[TradeReport]:
    return sorted({trade.trade_id: trade for trade in trades}.values(), key=lambda t: t.trade_id)


def _newest(incomes: Sequence[IncomeReport]) -> datetime | None:
    return max((income.time for income in incomes), default=None)


def _require_cross(position: PositionReport, symbol: str) -> None:
    if position.isolated:
        raise UnsupportedAccount(ISOLATED_MARGIN.format(symbol=symbol))
