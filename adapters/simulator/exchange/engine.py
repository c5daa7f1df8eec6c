"""The matching engine facade: the one object both simulator faces (in-process adapter, wire server) drive.

Single account, one-way position mode, cross or isolated margin per symbol, USDⓈ-M. Deterministic: the same
seed, calls and clock give the same ids, prices and events. Rejections raise SimError with Binance's code and message;
misuse (no price yet, a naive datetime) raises ValueError. Times in queries are Binance ms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType

from adapters.simulator import errors
from adapters.simulator.errors import SimError
from ports.clock import Clock

from . import announce, isolated, matching, transfers
from .admission import OrderRequest, admit
from .algo import AlgoRequest, cancel_algo, fire_triggered, place_algo
from .book import BookShape, Level
from .event_log import Listener
from .events import UserDataEvent
from .funding import settle_funding
from .isolated import change_margin_type, modify_margin
from .ledger import IncomeRow, IncomeType, MarginChange, Trade
from .liquidation import liquidate_if_due
from .margin_call import call_if_due
from .oracle import Oracle
from .orders import AlgoOrder, Order, WorkingType
from .spot_wallet import Transfer
from .state import ExchangeState, Quote
from .symbols import DEFAULT_SYMBOLS, SymbolSpec
from .transfers import transfer
from .views import BalanceView, PositionRisk, balance_view, position_risk
from .vocabulary import ZERO, OrderType, Side, TimeInForce

DEFAULT_BALANCES: Mapping[str, Decimal] = MappingProxyType({"USDT": Decimal("10000")})


class MatchingEngine:
    """A seeded exchange for `symbols`, starting with `balances` (10 000 USDT by default) and leverage 20x."""

    def __init__(
        self,
        clock: Clock,
        seed: int | str = 0,
        symbols: Iterable[SymbolSpec] = DEFAULT_SYMBOLS,
        balances: Mapping[str, Decimal] = DEFAULT_BALANCES,
        book: BookShape = BookShape(),
        spot_balances: Mapping[str, Decimal] | None = None,
    ) -> None:
        self._state = ExchangeState(clock, seed, symbols, balances, book, spot_balances)
        self.oracle = Oracle(self._state)

    # Market input

    def on_price(self, symbol: str, last: Decimal, mark: Decimal | None = None) -> None:
        """Take a new last/mark price: rebuild the book, fill touched resting LIMITs, fire crossed algos, then
        send a margin call and liquidate the account as the mark takes its margin balance down (ADR 0037)."""
        self._state.spec(symbol)
        if last <= ZERO or (mark is not None and mark <= ZERO):
            raise ValueError(f"{symbol}: prices must be positive, got last={last} mark={mark}")
        self._state.quotes[symbol] = Quote(last, last if mark is None else mark)
        self._state.books[symbol].reprice(last)
        matching.fill_resting(self._state, symbol)
        fire_triggered(self._state, symbol)
        call_if_due(self._state, symbol)
        liquidate_if_due(self._state, symbol)

    def apply_funding(
        self, symbol: str, rate: Decimal, mark_price: Decimal, funding_time: datetime | int
    ) -> IncomeRow | None:
        """Settle one funding round on `symbol`: the FUNDING_FEE row, or None when no position pays."""
        self._state.spec(symbol)
        return settle_funding(self._state, symbol, rate, mark_price, funding_time)

    # Regular orders

    def place_order(
        self,
        symbol: str,
        side: str | Side,
        type: str | OrderType,
        quantity: Decimal | None,
        price: Decimal | None = None,
        time_in_force: str | TimeInForce | None = None,
        reduce_only: bool = False,
        new_client_order_id: str | None = None,
        by_hand: bool = False,
    ) -> Order:
        """Accept (or raise SimError) and run a MARKET/LIMIT order; returns its state once the call is done."""
        order = admit(
            self._state,
            OrderRequest(symbol, side, type, quantity, price, time_in_force, reduce_only, new_client_order_id, by_hand),
        )
        self._state.orders.add(order)
        return matching.execute(self._state, order)

    def cancel_order(self, symbol: str, order_id: int | None = None, orig_client_order_id: str | None = None) -> Order:
        """Cancel an open order; an unknown or already closed one is -2011."""
        order = self._find(symbol, order_id, orig_client_order_id)
        if order is None or not order.is_open:
            raise SimError(errors.UNKNOWN_ORDER_SENT)
        return matching.cancel(self._state, order)

    def cancel_all(self, symbol: str) -> list[Order]:
        """Cancel every open regular order of `symbol` (algo orders have cancel_all_algo)."""
        self._state.spec(symbol)
        return [matching.cancel(self._state, order) for order in self._state.orders.open(symbol)]

    def query_order(self, symbol: str, order_id: int | None = None, orig_client_order_id: str | None = None) -> Order:
        """The order by id or client id (the most recent one using it); -2013 when unknown."""
        order = self._find(symbol, order_id, orig_client_order_id)
        if order is None:
            raise SimError(errors.ORDER_DOES_NOT_EXIST)
        return order

    def query_open_order(
        self, symbol: str, order_id: int | None = None, orig_client_order_id: str | None = None
    ) -> Order:
        order = self.query_order(symbol, order_id, orig_client_order_id)
        if not order.is_open:
            raise SimError(errors.ORDER_DOES_NOT_EXIST)
        return order

    def open_orders(self, symbol: str | None = None) -> list[Order]:
        if symbol is not None:
            self._state.spec(symbol)
        return self._state.orders.open(symbol)

    def all_orders(
        self,
        symbol: str,
        order_id: int | None = None,
        start_time: int | None = None,
        end_time: int | None = None,
        limit: int = 500,
    ) -> list[Order]:
        self._state.spec(symbol)
        return self._state.orders.history(
            symbol, from_id=order_id, start_time=start_time, end_time=end_time, limit=_limit(limit, 1000)
        )

    # Algo (conditional) orders

    def place_algo_order(
        self,
        symbol: str,
        side: str | Side,
        type: str | OrderType,
        trigger_price: Decimal | None,
        quantity: Decimal | None = None,
        close_position: bool = False,
        reduce_only: bool = False,
        working_type: str | WorkingType | None = None,
        client_algo_id: str | None = None,
        price_protect: bool = False,
        by_hand: bool = False,
    ) -> AlgoOrder:
        """Accept (or raise SimError) a STOP_MARKET / TAKE_PROFIT_MARKET held until its trigger price is crossed."""
        return place_algo(
            self._state,
            AlgoRequest(
                symbol,
                side,
                type,
                trigger_price,
                quantity,
                close_position,
                reduce_only,
                working_type,
                client_algo_id,
                price_protect,
                by_hand,
            ),
        )

    def cancel_algo(self, algo_id: int | None = None, client_algo_id: str | None = None) -> AlgoOrder:
        algo = self._find_algo(algo_id, client_algo_id)
        if algo is None or not algo.is_open:
            raise SimError(errors.UNKNOWN_ORDER_SENT)
        return cancel_algo(self._state, algo)

    def cancel_all_algo(self, symbol: str) -> list[AlgoOrder]:
        self._state.spec(symbol)
        return [cancel_algo(self._state, algo) for algo in self._state.algos.open(symbol)]

    def query_algo(self, algo_id: int | None = None, client_algo_id: str | None = None) -> AlgoOrder:
        algo = self._find_algo(algo_id, client_algo_id)
        if algo is None:
            raise SimError(errors.ORDER_DOES_NOT_EXIST)
        return algo

    def all_algo_orders(
        self,
        symbol: str,
        algo_id: int | None = None,
        start_time: int | None = None,
        end_time: int | None = None,
        page: int = 1,
        limit: int = 500,
    ) -> list[AlgoOrder]:
        """allAlgoOrders: ids ≥ `algo_id`, else the most recent; `page` (from 1) steps back `limit` at a time."""
        self._state.spec(symbol)
        if page < 1:
            raise SimError(errors.invalid_param("page"))
        return self._state.algos.history(
            symbol, from_id=algo_id, start_time=start_time, end_time=end_time, limit=_limit(limit, 1000), page=page
        )

    def open_algo_orders(self, symbol: str | None = None) -> list[AlgoOrder]:
        if symbol is not None:
            self._state.spec(symbol)
        return self._state.algos.open(symbol)

    # Account

    def set_leverage(self, symbol: str, leverage: int) -> int:
        spec = self._state.spec(symbol)
        if isinstance(leverage, bool) or not isinstance(leverage, int) or not 1 <= leverage <= spec.max_leverage:
            raise SimError(errors.invalid_leverage(leverage))
        if abs(self.position_risk(symbol).notional) > spec.max_notional_value(leverage):
            raise SimError(errors.MAX_LEVERAGE_RATIO)
        self._state.account.set_leverage(symbol, leverage)
        announce.leverage_update(self._state, symbol, leverage, self._state.now())
        return leverage

    def is_isolated(self, symbol: str) -> bool:
        """The symbol's margin type: True for ISOLATED, False for CROSSED."""
        self._state.spec(symbol)
        return self._state.account.is_isolated(symbol)

    def set_margin_type(self, symbol: str, isolated: bool) -> None:
        """Switch ISOLATED/CROSSED as Binance allows: -4046 unchanged, -4047 open orders, -4048 a position."""
        self._state.spec(symbol)
        change_margin_type(self._state, symbol, isolated)

    def modify_position_margin(self, symbol: str, amount: Decimal, kind: int) -> None:
        """Add (1) cross margin to an isolated position or reduce (2) it back (-4049..-4055 when refused)."""
        self._state.spec(symbol)
        modify_margin(self._state, symbol, amount, kind)

    def margin_history(
        self,
        symbol: str,
        kind: int | None = None,
        start_time: int | None = None,
        end_time: int | None = None,
        limit: int = 500,
    ) -> list[MarginChange]:
        """GET /fapi/v1/positionMargin/history: the isolated wallet's moves of `symbol`, oldest first."""
        self._state.spec(symbol)
        return isolated.history(self._state, symbol, kind, start_time, end_time, _limit(limit, 500))

    @property
    def hedge_mode(self) -> bool:
        """dualSidePosition: the account's position mode (orders are refused with -4061 while it is on)."""
        return self._state.hedge_mode

    def set_position_mode(self, hedge: bool) -> None:
        """Switch Hedge Mode on or off as Binance allows: -4059 unchanged, -4067 open orders, -4068 a position."""
        if hedge == self._state.hedge_mode:
            raise SimError(errors.NO_NEED_TO_CHANGE_POSITION_SIDE)
        if self._state.orders.open() or self._state.algos.open():
            raise SimError(errors.POSITION_SIDE_CHANGE_WITH_OPEN_ORDERS)
        if any(self._state.account.position(spec.symbol).amount for spec in self.symbols):
            raise SimError(errors.POSITION_SIDE_CHANGE_WITH_POSITION)
        self._state.hedge_mode = hedge

    def position_risk(self, symbol: str) -> PositionRisk:
        self._state.spec(symbol)
        return position_risk(self._state, symbol)

    def balance(self, asset: str = "USDT") -> BalanceView:
        if asset not in self._state.account.assets:
            raise SimError(errors.invalid_param("asset"))
        return balance_view(self._state, asset)

    def user_trades(
        self,
        symbol: str,
        order_id: int | None = None,
        start_time: int | None = None,
        end_time: int | None = None,
        from_id: int | None = None,
        limit: int = 500,
    ) -> list[Trade]:
        self._state.spec(symbol)
        return self._state.ledger.user_trades(
            symbol,
            self._state.now(),
            order_id=order_id,
            start_time=start_time,
            end_time=end_time,
            from_id=from_id,
            limit=_limit(limit, 1000),
        )

    def income(
        self,
        symbol: str | None = None,
        income_type: str | IncomeType | None = None,
        start_time: int | None = None,
        end_time: int | None = None,
        limit: int = 100,
    ) -> list[IncomeRow]:
        kind = None if income_type is None else _income_type(income_type)
        return self._state.ledger.income(
            self._state.now(),
            symbol=symbol,
            income_type=kind,
            start_time=start_time,
            end_time=end_time,
            limit=_limit(limit, 1000),
        )

    # The spot wallet and universal transfers

    def spot_balances(self) -> dict[str, Decimal]:
        """Free spot balance per asset."""
        return self._state.spot.balances()

    @property
    def spot_update_time(self) -> int:
        return self._state.spot.update_time

    def transfer(self, kind: str, asset: str, amount: Decimal) -> Transfer:
        """A universal transfer MAIN_UMFUTURE / UMFUTURE_MAIN, or SimError (-5013 short, -1130 bad type or amount)."""
        return transfer(self._state, kind, asset, amount)

    def transfers(
        self, kind: str, start_time: int | None = None, end_time: int | None = None, current: int = 1, size: int = 10
    ) -> tuple[int, list[Transfer]]:
        """(total, one page of transfers of `kind`, newest first)."""
        return transfers.history(self._state, kind, start_time, end_time, current, size)

    # Reference data

    @property
    def symbols(self) -> tuple[SymbolSpec, ...]:
        return tuple(self._state.specs.values())

    def spec(self, symbol: str) -> SymbolSpec:
        return self._state.spec(symbol)

    def quote(self, symbol: str) -> Quote | None:
        self._state.spec(symbol)
        return self._state.quotes.get(symbol)

    def depth(self, symbol: str) -> tuple[tuple[Level, ...], tuple[Level, ...]]:
        """(bids, asks) of the synthetic book, best first."""
        book = self._state.books[self._state.spec(symbol).symbol]
        return book.levels(Side.SELL), book.levels(Side.BUY)

    # User-data events

    def drain_events(self) -> list[UserDataEvent]:
        """The events emitted since the previous drain, oldest first."""
        return self._state.events.drain()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` synchronously with every later event; returns the unsubscribe function."""
        return self._state.events.subscribe(listener)

    def _find(self, symbol: str, order_id: int | None, client_id: str | None) -> Order | None:
        self._state.spec(symbol)
        if order_id is not None:
            found = self._state.orders.get(order_id)
        elif client_id is not None:
            found = self._state.orders.by_client_id(client_id)
        else:
            raise SimError(errors.mandatory_param("orderId"))
        return found if found is not None and found.symbol == symbol else None

    def _find_algo(self, algo_id: int | None, client_algo_id: str | None) -> AlgoOrder | None:
        if algo_id is not None:
            return self._state.algos.get(algo_id)
        if client_algo_id is not None:
            return self._state.algos.by_client_id(client_algo_id)
        raise SimError(errors.mandatory_param("algoId"))


def _limit(limit: int, maximum: int) -> int:
    if not 1 <= limit <= maximum:
        raise SimError(errors.invalid_param("limit"))
    return limit


def _income_type(value: str | IncomeType) -> IncomeType:
    try:
        return IncomeType(value)
    except ValueError:
        raise SimError(errors.invalid_param("incomeType")) from None
