"""Strategy tick → Decisions → risk guard → Commands (or RiskGuardRejected): how a strategy acts (PRD §4.2)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from application.event_writer import EventWriter
from application.in_flight import unresolved_quantity
from application.projector import Projector
from domain.commands import (
    STRATEGY_PRIORITY,
    Actor,
    ActorKind,
    CancelAll,
    ClosePosition,
    Command,
    CommandPayload,
    PlaceOrder,
)
from domain.daily_loss import day_start_equity
from domain.decisions import CancelOpenOrders, Decision, DecisionBasis, Enter, Exit
from domain.events import RiskGuardRejected
from domain.projections.rows import PnlDay
from domain.projections.state import ProjectionState
from domain.reports import Kline, SymbolRules
from domain.risk import AccountView, Approved, ProposedOrder, RiskLimits, Verdict, check_order
from domain.strategy import Strategy, StrategyContext
from domain.symbols import quote_wallet
from domain.times import format_utc
from domain.values import ZERO, EngineState, OrderType, Scope, Source, TimeInForce
from ports.clock import IdGenerator
from ports.command_store import CommandStore
from ports.errors import IdempotencyConflict

log = logging.getLogger("alphaengine.bot")


class MarketSource(Protocol):
    """Market reads the orchestrator needs; an ExchangeGateway is one, a stream-fed cache can be another."""

    async def klines(self, symbol: str, interval: str, limit: int) -> list[Kline]: ...

    async def mark_price(self, symbol: str) -> Decimal: ...

    async def symbol_rules(self, symbol: str) -> SymbolRules: ...


@dataclass(frozen=True)
class OrchestratorSettings:
    scope: Scope
    timeframe: str
    limits: RiskLimits


class DecisionRefused(ValueError):
    """A strategy's answer for a kline that cannot be acted on as it is; nothing of that kline was queued."""


class Orchestrator:
    """Decides each closed kline once, across restarts: the decided kline and its commands are stored together.

    Each command's idempotency key names what was decided (ADR 0047), so deciding again can never add a second one.
    """

    def __init__(
        self,
        strategy: Strategy,
        market: MarketSource,
        projector: Projector,
        commands: CommandStore,
        writer: EventWriter,
        ids: IdGenerator,
        settings: OrchestratorSettings,
    ) -> None:
        self._strategy = strategy
        self._market = market
        self._projector = projector
        self._commands = commands
        self._writer = writer
        self._ids = ids
        self._settings = settings
        self._basis = DecisionBasis(strategy.name, settings.scope.symbol, settings.timeframe)
        self._rules: SymbolRules | None = None
        self._decided_on: datetime | None = None
        self._read_decided = False
        self._quiet_until: datetime | None = None

    @property
    def strategy(self) -> Strategy:
        return self._strategy

    async def tick(self, now: datetime) -> None:
        """Ask the strategy once per new closed kline (not while paused); queue what passes the guard."""
        self._projector.catch_up()
        state = self._projector.state
        if _paused(state) or (self._quiet_until is not None and now <= self._quiet_until):
            return
        symbol, timeframe = self._settings.scope.symbol, self._settings.timeframe
        klines = tuple(await self._market.klines(symbol, timeframe, self._strategy.klines_needed()))
        closed = [kline for kline in klines if kline.closed]
        if not closed:
            return
        kline_open = closed[-1].open_time
        if self._decided(kline_open):
            self._remember(klines)
            return
        ctx = await self._context(state, klines, now)
        try:
            decisions = self._strategy.decide(ctx)
            _check_kinds(self._strategy.name, decisions, timeframe, kline_open)
        except Exception:
            # A failing strategy is asked again on the next kline, not on every turn of the loop
            self._remember(klines)
            raise
        commands, rejected = await self._plan(decisions, ctx, kline_open, now)
        # Rejections first: their ids come from the decision, so deciding again after a crash appends nothing new
        if rejected:
            self._writer.append(list(rejected.values()), Source.BOT, event_ids=list(rejected))
        try:
            self._commands.record_decision(self._basis, kline_open, commands, now)
        except IdempotencyConflict as exc:
            self._remember(klines)
            raise DecisionRefused(
                f"strategy {self._strategy.name!r} on the {timeframe} kline of "
                f"{format_utc(kline_open)}: {exc}; nothing of this kline is queued"
            ) from exc
        self._remember(klines)

    def _decided(self, kline_open: datetime) -> bool:
        if not self._read_decided:
            # What was decided before a restart or a rebuild of this orchestrator is in the store, not in memory
            self._decided_on, self._read_decided = self._commands.decided_kline(self._basis), True
            if self._decided_on is not None:
                log.info(
                    "strategy %s on %s %s decided up to the kline of %s; it next decides a later kline",
                    self._basis.strategy,
                    self._basis.symbol,
                    self._basis.timeframe,
                    format_utc(self._decided_on),
                )
        return self._decided_on is not None and kline_open <= self._decided_on

    def _remember(self, klines: tuple[Kline, ...]) -> None:
        # No kline can close before the open one ends, so the market is not asked again until then
        latest = [kline for kline in klines if kline.closed][-1].open_time
        # A market read that lags behind what was decided must not make that kline look undecided again
        self._decided_on = latest if self._decided_on is None else max(self._decided_on, latest)
        self._quiet_until = klines[-1].close_time if not klines[-1].closed else None

    async def _context(self, state: ProjectionState, klines: tuple[Kline, ...], now: datetime) -> StrategyContext:
        symbol = self._settings.scope.symbol
        mark = await self._market.mark_price(symbol)
        position = state.position(symbol)
        return StrategyContext(
            symbol=symbol,
            timeframe=self._settings.timeframe,
            now=now,
            klines=klines,
            position=position,
            balances=tuple(state.balances()),
            open_orders=tuple(state.open_orders()),
            mark_price=mark,
            equity=self._wallet(state) + position.unrealized_pnl(mark),
            params=self._strategy.params,
            unresolved_quantity=unresolved_quantity(self._commands),
        )

    async def _plan(
        self, decisions: list[Decision], ctx: StrategyContext, kline_open: datetime, now: datetime
    ) -> tuple[list[Command], dict[str, RiskGuardRejected]]:
        """The commands of a kline's decisions, and the guard's rejections by event id, before anything is stored."""
        position_qty = ctx.position.quantity
        commands: list[Command] = []
        rejected: dict[str, RiskGuardRejected] = {}
        for decision in decisions:
            key = self._basis.key(kline_open, decision.KIND)
            if isinstance(decision, Exit):
                # What follows an exit in the same batch is judged against a flat position
                position_qty = ZERO
                commands.append(self._command(ClosePosition(), key, now))
            elif isinstance(decision, CancelOpenOrders):
                commands.append(self._command(CancelAll(), key, now))
            else:
                verdict = await self._check(decision, ctx, position_qty)
                if isinstance(verdict, Approved):
                    commands.append(self._command(_place_order(verdict, decision.entry_price is None), key, now))
                else:
                    # The id comes from the decision: the same rejected decision is recorded once, even across restarts
                    rejected[f"risk:{key}"] = verdict.payload
        return commands, rejected

    async def _check(self, decision: Enter, ctx: StrategyContext, position_qty: Decimal) -> Verdict:
        proposed = ProposedOrder(
            side=decision.side,
            quantity=decision.quantity,
            entry_price=decision.entry_price or ctx.mark_price,
            stop_price=decision.stop_price,
            market=decision.entry_price is None,
        )
        account = self._account(ctx, position_qty)
        return check_order(proposed, await self._symbol_rules(), account, self._settings.limits)

    def _account(self, ctx: StrategyContext, position_qty: Decimal) -> AccountView:
        state = self._projector.state
        day = ctx.now.date()
        today = next((row for row in state.pnl_days() if row.day == day), PnlDay.empty(day))
        # An exit earlier in the batch changes what the order adds, not what today's loss already is
        unrealized = ctx.position.unrealized_pnl(ctx.mark_price)
        wallet = self._wallet(state)
        return AccountView(
            ctx.equity, day_start_equity(wallet, today), today, unrealized, position_qty, ctx.unresolved_quantity
        )

    def _wallet(self, state: ProjectionState) -> Decimal:
        balance = quote_wallet(state.balances(), self._settings.scope.symbol)
        return ZERO if balance is None else balance.wallet_balance

    async def _symbol_rules(self) -> SymbolRules:
        if self._rules is None:
            self._rules = await self._market.symbol_rules(self._settings.scope.symbol)
        return self._rules

    def _command(self, payload: CommandPayload, key: str, now: datetime) -> Command:
        command_id = self._ids.new_id()
        actor = Actor(ActorKind.STRATEGY, self._strategy.name)
        return Command(command_id, key, STRATEGY_PRIORITY, actor, self._settings.scope, now, command_id, payload)


def _check_kinds(strategy: str, decisions: list[Decision], timeframe: str, kline_open: datetime) -> None:
    """Refuse an answer holding something else than Decisions, or two of one kind (their keys would be one)."""
    kinds: set[str] = set()
    for decision in decisions:
        if not isinstance(decision, (Enter, Exit, CancelOpenOrders)):
            raise TypeError(f"strategy {strategy!r} returned {decision!r}, which is not a Decision")
        if decision.KIND in kinds:
            raise DecisionRefused(
                f"strategy {strategy!r} decided {decision.KIND} twice on the {timeframe} kline of "
                f"{format_utc(kline_open)}; nothing of this kline is queued: a strategy answers at most one Enter, "
                "one Exit and one CancelOpenOrders per kline",
            )
        kinds.add(decision.KIND)


def _paused(state: ProjectionState) -> bool:
    engine = state.engine()
    return engine is not None and engine.state is EngineState.PAUSED


def _place_order(approved: Approved, market: bool) -> PlaceOrder:
    order = approved.order
    if market:
        return PlaceOrder(order.side, OrderType.MARKET, order.quantity, stop_price=order.stop_price)
    return PlaceOrder(
        order.side,
        OrderType.LIMIT,
        order.quantity,
        price=order.entry_price,
        time_in_force=TimeInForce.GTC,
        stop_price=order.stop_price,
    )
