"""FlakyGateway: an ExchangeGateway wrapper that loses requests, responses and processes on cue — a fake, not a mock.

Faults are scripted per call of place_order (a queue, consumed one per call); lookups can be hidden to act out
visibility lag that outlasts the gateway's own tolerance (a number of lookups, or for a time after each placement),
or made to time out. `after_place` hooks run after each
order the exchange accepted (e.g. to move the market). Everything else passes straight through.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from enum import Enum

from domain.events import OrderFacts
from domain.order_request import OrderRequest
from domain.reports import BalanceReport, IncomeReport, Kline, PositionReport, SymbolRules, TradeReport
from domain.transfers import TransferDirection, TransferReport
from ports.clock import Clock
from ports.errors import ExchangeRejected, NeverPlaced, OutcomeUnknown
from ports.exchange import ExchangeGateway


class Fault(Enum):
    LOSE_REQUEST = "lose request"  # nothing reaches the exchange, the caller sees a timeout
    LOSE_RESPONSE = "lose response"  # the exchange acts, the caller sees a timeout
    CRASH_BEFORE_SEND = "crash before send"  # the process dies with the intent committed, nothing sent
    CRASH_AFTER_SEND = "crash after send"  # the process dies after the exchange acted, before the ack is recorded


class SimulatedCrash(Exception):
    """Stands for the process dying at a named point; nothing after it runs."""


class FlakyGateway(ExchangeGateway):
    def __init__(self, inner: ExchangeGateway) -> None:
        self._inner = inner
        self._place_faults: deque[Fault | None] = deque()
        self._place_rejections: deque[ExchangeRejected] = deque()
        self._hidden_lookups = 0
        self._failed_lookups = 0
        self._lag: tuple[Clock, timedelta] | None = None
        self._placed_at: dict[str, datetime] = {}
        self.sent: list[OrderRequest] = []
        self.after_place: list[Callable[[OrderFacts], None]] = []
        self._transfer_faults: deque[Fault | None] = deque()
        self.transfers_sent: list[tuple[TransferDirection, str, Decimal]] = []

    def script_place(self, *faults: Fault | None) -> None:
        """Apply these faults to the next place_order calls, one each, in order (None = that call goes through)."""
        self._place_faults.extend(faults)

    def reject_next_place(self, code: int, message: str) -> None:
        """Refuse the next place_order definitively, without reaching the exchange."""
        self._place_rejections.append(ExchangeRejected(code, message))

    def hide_lookups(self, count: int) -> None:
        """Answer the next `count` query_order calls with None, as if the order were not visible yet."""
        self._hidden_lookups += count

    def lag(self, clock: Clock, seconds: float) -> None:
        """Answer query_order with None until `seconds` of `clock` have passed since the order was placed."""
        self._lag = (clock, timedelta(seconds=seconds))

    def fail_lookups(self, count: int) -> None:
        """Make the next `count` query_order calls time out (OutcomeUnknown)."""
        self._failed_lookups += count

    async def place_order(self, request: OrderRequest) -> OrderFacts:
        self.sent.append(request)
        fault = self._place_faults.popleft() if self._place_faults else None
        if self._place_rejections:
            raise self._place_rejections.popleft()
        if fault is Fault.LOSE_REQUEST:
            raise OutcomeUnknown(f"timeout placing {request.client_order_id} (request lost)")
        if fault is Fault.CRASH_BEFORE_SEND:
            raise SimulatedCrash(f"crash before sending {request.client_order_id}")
        facts = await self._inner.place_order(request)
        if self._lag is not None:
            self._placed_at.setdefault(request.client_order_id, self._lag[0].now())
        for hook in self.after_place:
            hook(facts)
        if fault is Fault.LOSE_RESPONSE:
            raise OutcomeUnknown(f"timeout placing {request.client_order_id} (response lost)")
        if fault is Fault.CRASH_AFTER_SEND:
            raise SimulatedCrash(f"crash after sending {request.client_order_id}")
        return facts

    async def query_order(self, symbol: str, client_order_id: str, conditional: bool) -> OrderFacts | None:
        if self._failed_lookups:
            self._failed_lookups -= 1
            raise OutcomeUnknown(f"timeout looking up {client_order_id}")
        if self._hidden_lookups:
            self._hidden_lookups -= 1
            return None
        placed_at = self._placed_at.get(client_order_id)
        if self._lag is not None and placed_at is not None and self._lag[0].now() - placed_at < self._lag[1]:
            return None
        return await self._inner.query_order(symbol, client_order_id, conditional)

    async def server_time(self) -> datetime:
        return await self._inner.server_time()

    async def symbol_rules(self, symbol: str) -> SymbolRules:
        return await self._inner.symbol_rules(symbol)

    async def cancel_order(self, symbol: str, client_order_id: str, conditional: bool) -> OrderFacts | None:
        return await self._inner.cancel_order(symbol, client_order_id, conditional)

    def never_placed(self, client_order_id: str, detail: str) -> NeverPlaced:
        return self._inner.never_placed(client_order_id, detail)

    async def cancel_all(self, symbol: str) -> None:
        await self._inner.cancel_all(symbol)

    async def open_orders(self, symbol: str) -> list[OrderFacts]:
        return await self._inner.open_orders(symbol)

    async def user_trades(self, symbol: str, from_id: int | None) -> list[TradeReport]:
        return await self._inner.user_trades(symbol, from_id)

    async def position(self, symbol: str) -> PositionReport:
        return await self._inner.position(symbol)

    async def balances(self) -> list[BalanceReport]:
        return await self._inner.balances()

    async def income(self, symbol: str, since: datetime | None) -> list[IncomeReport]:
        return await self._inner.income(symbol, since)

    def script_transfer(self, *faults: Fault | None) -> None:
        """Apply these faults to the next transfer calls (LOSE_REQUEST: not made; LOSE_RESPONSE: made, answer lost)."""
        self._transfer_faults.extend(faults)

    async def transfer(self, direction: TransferDirection, asset: str, amount: Decimal) -> int:
        self.transfers_sent.append((direction, asset, amount))
        fault = self._transfer_faults.popleft() if self._transfer_faults else None
        if fault is Fault.LOSE_REQUEST:
            raise OutcomeUnknown(f"timeout moving {amount} {asset} (request lost)")
        tran_id = await self._inner.transfer(direction, asset, amount)
        if fault is Fault.LOSE_RESPONSE:
            raise OutcomeUnknown(f"timeout moving {amount} {asset} (response lost)")
        return tran_id

    async def transfer_history(self, direction: TransferDirection, since: datetime) -> list[TransferReport]:
        return await self._inner.transfer_history(direction, since)

    async def spot_balance(self, asset: str) -> Decimal:
        return await self._inner.spot_balance(asset)

    async def transfer_income(self, since: datetime | None) -> list[IncomeReport]:
        return await self._inner.transfer_income(since)

    async def hedge_mode(self) -> bool:
        return await self._inner.hedge_mode()

    async def set_leverage(self, symbol: str, leverage: int) -> int:
        return await self._inner.set_leverage(symbol, leverage)

    async def klines(self, symbol: str, interval: str, limit: int) -> list[Kline]:
        return await self._inner.klines(symbol, interval, limit)

    async def mark_price(self, symbol: str) -> Decimal:
        return await self._inner.mark_price(symbol)
