"""UserDataStream over the engine's emitted events, translated as the Binance adapter translates the real stream.

Rules of ADR 0014: ORDER_TRADE_UPDATE x=NEW → OrderPlaced, else OrderUpdated, plus TradeExecuted and FeeCharged on a
fill (x=TRADE, or x=CALCULATED: a liquidation's); TRADE_LITE → nothing (no fee, no realized PnL); ACCOUNT_UPDATE →
BalanceChanged per asset and PositionChanged for the symbol (a FUNDING_FEE or INSURANCE_CLEAR update gives the
balance only: FundingApplied comes from income history);
ALGO_UPDATE → conditional OrderPlaced/OrderUpdated keyed by algoId; ACCOUNT_CONFIG_UPDATE → LeverageChanged;
MARGIN_CALL → MarginCalled per position listed, whatever its symbol (ADR 0054).
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator

import anyio

from adapters.simulator.engine.engine import MatchingEngine
from adapters.simulator.engine.events import (
    AccountConfigUpdate,
    AccountUpdate,
    AlgoUpdate,
    ExecutionType,
    MarginCall,
    OrderTradeUpdate,
    UserDataEvent,
)
from adapters.simulator.inprocess import facts
from domain.values import canonical
from domain.client_order_ids import is_ours
from domain.codec import from_epoch_ms
from domain.events import (
    BalanceChanged,
    EventPayload,
    FeeCharged,
    LeverageChanged,
    MarginCalled,
    OrderPlaced,
    OrderUpdated,
    PositionChanged,
    TradeExecuted,
)
from domain.values import OrderStatus
from ports.exchange import UserDataMessage, UserDataStream

ONE_WAY = "BOTH"
FILL_EXECUTIONS = frozenset({ExecutionType.TRADE, ExecutionType.CALCULATED})


class SimulatedUserDataStream(UserDataStream):
    """Subscribes at construction, so nothing the engine emits afterwards is missed; close() unsubscribes."""

    def __init__(self, engine: MatchingEngine, symbol: str) -> None:
        engine.spec(symbol)
        self._closed = False
        self._symbol = symbol
        # Unbounded: the engine's listener is synchronous and must never block or drop
        self._send, self._receive = anyio.create_memory_object_stream[UserDataMessage](max_buffer_size=math.inf)
        self._unsubscribe = engine.subscribe(self._on_event)

    def _on_event(self, event: UserDataEvent) -> None:
        for payload in translate(event, self._symbol):
            self._send.send_nowait(payload)

    async def messages(self) -> AsyncIterator[UserDataMessage]:
        # One consumer, once: the receive side closes when it ends
        async with self._receive:
            async for message in self._receive:
                yield message

    def close(self) -> None:
        """Stop listening; messages() ends once the buffered ones are consumed. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._unsubscribe()
        self._send.close()


def translate(event: UserDataEvent, symbol: str) -> list[EventPayload]:
    if isinstance(event, OrderTradeUpdate):
        return _order_items(event) if event.order.symbol == symbol else []
    if isinstance(event, AccountUpdate):
        return _account_items(event, symbol)
    if isinstance(event, AlgoUpdate):
        kind = OrderPlaced if event.algo.status is OrderStatus.NEW else OrderUpdated
        return [facts.algo_facts(kind, event.algo)] if event.algo.symbol == symbol else []
    if isinstance(event, AccountConfigUpdate):
        at = from_epoch_ms(event.transaction_time)
        return [LeverageChanged(event.leverage, at)] if event.symbol == symbol else []
    if isinstance(event, MarginCall):
        return _margin_called(event)
    return []  # TRADE_LITE: ORDER_TRADE_UPDATE repeats it whole (ADR 0054)


def _margin_called(event: MarginCall) -> list[EventPayload]:
    at, wallet = from_epoch_ms(event.event_time), canonical(event.cross_wallet_balance)
    return [
        MarginCalled(row.symbol, row.position_side, row.margin_type, canonical(row.position_amount),
                     canonical(row.mark_price), canonical(row.unrealized_pnl), canonical(row.maint_margin),
                     canonical(row.isolated_wallet), wallet, at)
        for row in event.positions
    ]


def _order_items(event: OrderTradeUpdate) -> list[EventPayload]:
    kind = OrderPlaced if event.execution_type is ExecutionType.NEW else OrderUpdated
    items: list[EventPayload] = [facts.order_facts(kind, event.order)]
    if event.execution_type in FILL_EXECUTIONS and event.trade_id != 0:
        order, at = event.order, from_epoch_ms(event.trade_time)
        items.append(TradeExecuted(
            trade_id=event.trade_id, order_id=order.order_id, client_order_id=order.client_order_id, side=order.side,
            price=canonical(event.last_filled_price), quantity=canonical(event.last_filled_qty),
            realized_pnl=canonical(event.realized_profit), maker=event.is_maker,
            external=not is_ours(order.client_order_id), executed_at=at,
        ))
        items.append(FeeCharged(event.trade_id, event.commission_asset, canonical(event.commission), at))
    return items


def _account_items(event: AccountUpdate, symbol: str) -> list[EventPayload]:
    at, reason = from_epoch_ms(event.transaction_time), event.reason.value
    balances: list[EventPayload] = [
        BalanceChanged(row.asset, canonical(row.wallet_balance), canonical(row.cross_wallet_balance), reason, at)
        for row in event.balances
    ]
    positions = [
        PositionChanged(canonical(row.position_amount), canonical(row.entry_price), reason, at)
        for row in event.positions
        if row.symbol == symbol and row.position_side == ONE_WAY
    ]
    return [*balances, *positions]
