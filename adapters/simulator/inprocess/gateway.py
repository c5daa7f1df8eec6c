"""ExchangeGateway over an in-process MatchingEngine: Binance's REST semantics without the wire, in domain types.

Each answer is the wire server's JSON body read by the Binance adapter's translators (wire_view, ADR 0055).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal

from adapters.binance.rest.adoption import placed_or_adopted
from adapters.binance.translate.transfers import TRANSFER_TYPES, transfer_page_from_rest
from adapters.simulator import errors
from adapters.simulator.errors import SimError
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.orders import AlgoOrder
from adapters.simulator.inprocess import wire_view
from adapters.simulator.server.bodies import cancel_body
from adapters.simulator.server.spot_routes import transfer_body
from domain.events import OrderFacts
from domain.order_request import OrderRequest
from domain.reports import BalanceReport, IncomeReport, Kline, PositionReport, SymbolRules, TradeReport
from domain.times import epoch_ms
from domain.transfers import TransferDirection, TransferReport
from ports.clock import Clock
from ports.errors import ExchangeRejected, NeverPlaced
from ports.exchange import ExchangeGateway

MarkPriceSource = Callable[[str], Decimal]
KlineSource = Callable[[str, str, int], list[Kline]]
MAX_ROWS = 1000  # userTrades and income page size limit
MAX_TRANSFERS = 100  # the transfer history's page size limit


class NoMarketData(RuntimeError):
    """The gateway was built without the market source a read needs."""


class SimulatedExchangeGateway(ExchangeGateway):
    """`clock` must be the engine's clock; `mark_price` defaults to the engine's last mark; klines need a source."""

    def __init__(
        self,
        engine: MatchingEngine,
        clock: Clock,
        *,
        mark_price: MarkPriceSource | None = None,
        klines: KlineSource | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._mark_price = mark_price
        self._klines = klines

    async def server_time(self) -> datetime:
        return self._clock.now()

    async def symbol_rules(self, symbol: str) -> SymbolRules:
        with _rejections():
            self._engine.spec(symbol)
        return wire_view.symbol_rules(self._engine, symbol, epoch_ms(self._clock.now()))

    async def place_order(self, request: OrderRequest) -> OrderFacts:
        """The engine's SimError is Binance's code, so a duplicated client id goes to the Binance adapter's one
        adoption (ADR 0061)."""

        async def send() -> OrderFacts:
            with _rejections():
                return self._place(request)

        return await placed_or_adopted(
            send,
            lambda: self.query_order(request.symbol, request.client_order_id, request.conditional),
            "place order",
            request.client_order_id,
        )

    def _place(self, request: OrderRequest) -> OrderFacts:
        if request.conditional:
            return wire_view.placed_algo_facts(self._engine, self._place_algo(request))
        order = self._engine.place_order(
            request.symbol,
            request.side,
            request.order_type,
            request.quantity,
            price=request.price,
            time_in_force=request.time_in_force,
            reduce_only=request.reduce_only,
            new_client_order_id=request.client_order_id,
        )
        return wire_view.order_facts(self._engine, order)

    def _place_algo(self, request: OrderRequest) -> AlgoOrder:
        return self._engine.place_algo_order(
            request.symbol,
            request.side,
            request.order_type,
            request.trigger_price,
            quantity=None if request.close_position else request.quantity,
            close_position=request.close_position,
            reduce_only=request.reduce_only,
            client_algo_id=request.client_order_id,
        )

    async def query_order(self, symbol: str, client_order_id: str, conditional: bool) -> OrderFacts | None:
        with _rejections(absent=errors.ORDER_DOES_NOT_EXIST.code):
            if conditional:
                algo = self._engine.query_algo(client_algo_id=client_order_id)
                return wire_view.algo_facts(self._engine, algo) if algo.symbol == symbol else None
            order = self._engine.query_order(symbol, orig_client_order_id=client_order_id)
            return wire_view.order_facts(self._engine, order)
        return None

    async def cancel_order(self, symbol: str, client_order_id: str, conditional: bool) -> OrderFacts | None:
        with _rejections(absent=errors.UNKNOWN_ORDER_SENT.code):
            if conditional:
                return self._cancel_algo(symbol, client_order_id)
            order = self._engine.cancel_order(symbol, orig_client_order_id=client_order_id)
            return wire_view.order_facts(self._engine, order, cancel_body)
        return None

    def _cancel_algo(self, symbol: str, client_order_id: str) -> OrderFacts | None:
        # Only an open algo order of this symbol can be canceled; anything else is Binance's -2011, i.e. None
        algo = next((a for a in self._engine.open_algo_orders(symbol) if a.client_algo_id == client_order_id), None)
        if algo is None:
            return None
        return wire_view.algo_facts(self._engine, self._engine.cancel_algo(algo_id=algo.algo_id))

    def never_placed(self, client_order_id: str, detail: str) -> NeverPlaced:
        return NeverPlaced(errors.ORDER_DOES_NOT_EXIST.code, client_order_id, detail)

    async def cancel_all(self, symbol: str) -> None:
        with _rejections():
            self._engine.cancel_all(symbol)
            self._engine.cancel_all_algo(symbol)

    async def open_orders(self, symbol: str) -> list[OrderFacts]:
        with _rejections():
            regular = [wire_view.order_facts(self._engine, order) for order in self._engine.open_orders(symbol)]
            algos = [wire_view.algo_facts(self._engine, algo) for algo in self._engine.open_algo_orders(symbol)]
        return [*regular, *algos]

    async def user_trades(self, symbol: str, from_id: int | None) -> list[TradeReport]:
        with _rejections():
            rows = self._engine.user_trades(symbol, from_id=from_id, limit=MAX_ROWS)
        return wire_view.trade_reports(self._engine, symbol, sorted(rows, key=lambda row: row.trade_id))

    async def position(self, symbol: str) -> PositionReport:
        with _rejections():
            risk = self._engine.position_risk(symbol)
        return wire_view.position_report(self._engine, risk)

    async def balances(self) -> list[BalanceReport]:
        with _rejections():
            views = [self._engine.balance(asset) for asset in self._engine.oracle.balances]
        return wire_view.balance_reports(views)

    async def income(self, symbol: str, since: datetime | None) -> list[IncomeReport]:
        start = None if since is None else epoch_ms(since)
        with _rejections():
            rows = self._engine.income(symbol=symbol, start_time=start, limit=MAX_ROWS)
        return wire_view.income_reports(rows, symbol)

    async def transfer(self, direction: TransferDirection, asset: str, amount: Decimal) -> int:
        with _rejections():
            return self._engine.transfer(TRANSFER_TYPES[direction], asset, amount).tran_id

    async def transfer_history(self, direction: TransferDirection, since: datetime) -> list[TransferReport]:
        with _rejections():
            total, rows = self._engine.transfers(TRANSFER_TYPES[direction], epoch_ms(since), None, 1, MAX_TRANSFERS)
        _, reports = transfer_page_from_rest({"total": total, "rows": [transfer_body(row) for row in rows]}, direction)
        return sorted(reports, key=lambda row: (row.made_at, row.tran_id))

    async def spot_balance(self, asset: str) -> Decimal:
        return self._engine.spot_balances().get(asset, Decimal(0))

    async def transfer_income(self, since: datetime | None) -> list[IncomeReport]:
        start = None if since is None else epoch_ms(since)
        with _rejections():
            rows = self._engine.income(income_type="TRANSFER", start_time=start, limit=MAX_ROWS)
        return wire_view.income_reports(rows, "")

    async def hedge_mode(self) -> bool:
        return self._engine.hedge_mode

    async def set_leverage(self, symbol: str, leverage: int) -> int:
        with _rejections():
            return self._engine.set_leverage(symbol, leverage)

    async def klines(self, symbol: str, interval: str, limit: int) -> list[Kline]:
        if self._klines is None:
            raise NoMarketData(
                "the in-process gateway has no klines: the engine holds no market; pass klines=… "
                "(e.g. from adapters.simulator.market.Market) when building SimulatedExchangeGateway"
            )
        with _rejections():
            self._engine.spec(symbol)
        return self._klines(symbol, interval, limit)

    async def mark_price(self, symbol: str) -> Decimal:
        if self._mark_price is not None:
            return self._mark_price(symbol)
        with _rejections():
            quote = self._engine.quote(symbol)
        if quote is None:
            raise NoMarketData(f"{symbol} has no mark price yet: call engine.on_price or pass mark_price=…")
        return quote.mark


@contextmanager
def _rejections(absent: int | None = None) -> Iterator[None]:
    """SimError → ExchangeRejected with Binance's code; the `absent` code is swallowed (the caller returns None)."""
    try:
        yield
    except SimError as error:
        if error.code == absent:
            return
        raise ExchangeRejected(error.code, error.msg) from error
