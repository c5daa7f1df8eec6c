"""The simulator's ground truth for tests and /_sim/: what was accepted, traded, paid and emitted."""

from __future__ import annotations

from decimal import Decimal

from .account import Position
from .events import UserDataEvent
from .ledger import IncomeRow, Trade
from .orders import AlgoOrder, Order
from .state import ExchangeState


class Oracle:
    """Read-only views; every collection is a fresh tuple of immutable snapshots."""

    def __init__(self, state: ExchangeState) -> None:
        self._state = state

    @property
    def orders(self) -> tuple[Order, ...]:
        """Every regular order ever accepted (with its client id and by-hand flag), in acceptance order, as it is."""
        return tuple(self._state.orders.all())

    @property
    def algo_orders(self) -> tuple[AlgoOrder, ...]:
        return tuple(self._state.algos.all())

    @property
    def trades(self) -> tuple[Trade, ...]:
        return self._state.ledger.trades

    @property
    def income(self) -> tuple[IncomeRow, ...]:
        return self._state.ledger.income_rows

    @property
    def events(self) -> tuple[UserDataEvent, ...]:
        """Every user-data event ever emitted, drained or not."""
        return self._state.events.history

    def position(self, symbol: str) -> Position:
        return self._state.account.position(symbol)

    @property
    def positions(self) -> dict[str, Position]:
        return {position.symbol: position for position in self._state.account.positions()}

    @property
    def balances(self) -> dict[str, Decimal]:
        """Wallet balance per asset."""
        return {asset: self._state.account.wallet(asset) for asset in self._state.account.assets}

    def leverage(self, symbol: str) -> int:
        return self._state.account.leverage(symbol)
