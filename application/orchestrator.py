"""Strategy tick → Decisions → risk guard → Commands (or RiskGuardRejected): how a strategy acts (PRD §4.2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from application.in_flight import unresolved_quantity
from application.projector import Projector
from domain.codec import epoch_ms
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
from domain.decisions import CancelOpenOrders, Decision, Enter, Exit
from domain.events import RiskGuardRejected, new_event
from domain.projections.rows import PnlDay
from domain.projections.state import ProjectionState
from domain.reports import Kline, SymbolRules
from domain.risk import AccountView, Approved, ProposedOrder, RiskLimits, check_order, day_start_equity
from domain.strategy import Strategy, StrategyContext
from domain.values import ZERO, EngineState, OrderType, Scope, Source, TimeInForce
from ports.clock import IdGenerator
from ports.command_store import CommandStore
from ports.event_store import EventStore


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
    asset: str = "USDT"


class Orchestrator:
    """Decides once per closed kline; the decision's idempotency key makes a repeated tick insert nothing new."""

    def __init__(self, strategy: Strategy, market: MarketSource, projector: Projector, commands: CommandStore,
                 events: EventStore, ids: IdGenerator, settings: OrchestratorSettings) -> None:
        self._strategy = strategy
        self._market = market
        self._projector = projector
        self._commands = commands
        self._events = events
        self._ids = ids
        self._settings = settings
        self._rules: SymbolRules | None = None
        self._decided_on: datetime | None = None
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
        if closed[-1].open_time == self._decided_on:
            self._remember(klines)
            return
        ctx = await self._context(state, klines, now)
        basis = f"{self._strategy.name}:{symbol}:{timeframe}:{epoch_ms(closed[-1].open_time)}"
        try:
            decisions = self._strategy.decide(ctx)
        except Exception:
            # A failing strategy is asked again on the next kline, not on every turn of the loop
            self._remember(klines)
            raise
        await self._submit(decisions, ctx, basis, now)
        self._remember(klines)

    def _remember(self, klines: tuple[Kline, ...]) -> None:
        # No kline can close before the open one ends, so the market is not asked again until then
        self._decided_on = [kline for kline in klines if kline.closed][-1].open_time
        self._quiet_until = klines[-1].close_time if not klines[-1].closed else None

    async def _context(self, state: ProjectionState, klines: tuple[Kline, ...], now: datetime) -> StrategyContext:
        symbol = self._settings.scope.symbol
        mark = await self._market.mark_price(symbol)
        position = state.position(symbol)
        return StrategyContext(
            symbol=symbol, timeframe=self._settings.timeframe, now=now, klines=klines, position=position,
            balances=tuple(state.balances()), open_orders=tuple(state.open_orders()), mark_price=mark,
            equity=self._wallet(state) + position.unrealized_pnl(mark), params=self._strategy.params,
            unresolved_quantity=unresolved_quantity(self._commands),
        )

    async def _submit(self, decisions: list[Decision], ctx: StrategyContext, basis: str, now: datetime) -> None:
        position_qty = ctx.position.quantity
        for index, decision in enumerate(decisions):
            key = f"{basis}:{index}"
            if isinstance(decision, Exit):
                # What follows an exit in the same batch is judged against a flat position
                position_qty = ZERO
                self._insert(ClosePosition(), key, now)
            elif isinstance(decision, CancelOpenOrders):
                self._insert(CancelAll(), key, now)
            elif isinstance(decision, Enter):
                await self._enter(decision, ctx, position_qty, key, now)
            else:
                raise TypeError(f"strategy {self._strategy.name!r} returned {decision!r}, which is not a Decision")

    async def _enter(self, decision: Enter, ctx: StrategyContext, position_qty: Decimal, key: str,
                     now: datetime) -> None:
        proposed = ProposedOrder(
            side=decision.side, quantity=decision.quantity, entry_price=decision.entry_price or ctx.mark_price,
            stop_price=decision.stop_price, market=decision.entry_price is None,
        )
        account = self._account(ctx, position_qty)
        verdict = check_order(proposed, await self._symbol_rules(), account, self._settings.limits)
        if isinstance(verdict, Approved):
            self._insert(_place_order(verdict, market=decision.entry_price is None), key, now)
        else:
            self._reject(verdict.payload, key, now)

    def _account(self, ctx: StrategyContext, position_qty: Decimal) -> AccountView:
        state = self._projector.state
        day = ctx.now.date()
        today = next((row for row in state.pnl_days() if row.day == day), PnlDay.empty(day))
        # An exit earlier in the batch changes what the order adds, not what today's loss already is
        unrealized = ctx.position.unrealized_pnl(ctx.mark_price)
        wallet = self._wallet(state)
        return AccountView(ctx.equity, day_start_equity(wallet, today), today, unrealized, position_qty,
                           ctx.unresolved_quantity)

    def _wallet(self, state: ProjectionState) -> Decimal:
        balance = next((b for b in state.balances() if b.asset == self._settings.asset), None)
        return ZERO if balance is None else balance.wallet_balance

    async def _symbol_rules(self) -> SymbolRules:
        if self._rules is None:
            self._rules = await self._market.symbol_rules(self._settings.scope.symbol)
        return self._rules

    def _insert(self, payload: CommandPayload, key: str, now: datetime) -> None:
        command_id = self._ids.new_id()
        actor = Actor(ActorKind.STRATEGY, self._strategy.name)
        command = Command(command_id, f"decision:{key}", STRATEGY_PRIORITY, actor, self._settings.scope, now,
                          command_id, payload)
        self._commands.insert(command, now)

    def _reject(self, payload: RiskGuardRejected, key: str, now: datetime) -> None:
        # The id comes from the decision, so the same rejected decision is recorded once, even across restarts
        event = new_event(payload, event_id=f"risk:{key}", ts=now, scope=self._settings.scope, source=Source.BOT)
        self._events.append([event])


def _paused(state: ProjectionState) -> bool:
    engine = state.engine()
    return engine is not None and engine.state is EngineState.PAUSED


def _place_order(approved: Approved, market: bool) -> PlaceOrder:
    order = approved.order
    if market:
        return PlaceOrder(order.side, OrderType.MARKET, order.quantity, stop_price=order.stop_price)
    return PlaceOrder(order.side, OrderType.LIMIT, order.quantity, price=order.entry_price,
                      time_in_force=TimeInForce.GTC, stop_price=order.stop_price)
