"""Everything the engine knows, in one place its parts share: specs, account, orders, books, ids, outbox."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from adapters.simulator import errors
from adapters.simulator.errors import SimError
from ports.clock import Clock

from .account import Account
from .book import BookShape, SyntheticBook
from .event_log import EventLog
from .ids import IdSource
from .ledger import Ledger, MarginChange
from .order_store import AlgoStore, OrderStore
from .spot_wallet import SpotWallet
from .symbols import SymbolSpec
from .times import to_millis


@dataclass(frozen=True)
class Quote:
    """The market's latest prices for a symbol: last trade (CONTRACT_PRICE) and mark (MARK_PRICE)."""

    last: Decimal
    mark: Decimal


class ExchangeState:
    def __init__(
        self,
        clock: Clock,
        seed: int | str,
        specs: Iterable[SymbolSpec],
        balances: Mapping[str, Decimal],
        shape: BookShape,
        spot_balances: Mapping[str, Decimal] | None = None,
    ) -> None:
        specs = tuple(specs)
        if not specs:
            raise ValueError("the engine needs at least one symbol spec")
        self.clock = clock
        self.specs = {spec.symbol: spec for spec in specs}
        # Funded in the millisecond before the start, so the funding precedes whatever the account does at the start
        # (a reconcile read in the funding's own millisecond would otherwise hide a same-millisecond trade, ADR 0043)
        self.account = Account(specs, balances, to_millis(clock.now()) - 1)
        self.spot = SpotWallet(spot_balances or {})
        self.orders = OrderStore()
        self.algos = AlgoStore()
        self.ledger = Ledger()
        # Every move into or out of an isolated wallet (GET /fapi/v1/positionMargin/history), oldest first
        self.margin_changes: list[MarginChange] = []
        self.ids = IdSource(seed)
        self.events = EventLog()
        # One stream per symbol, so adding a symbol never changes another symbol's book
        self.books = {
            spec.symbol: SyntheticBook(spec, random.Random(f"{seed}/book/{spec.symbol}"), shape) for spec in specs
        }
        self.quotes: dict[str, Quote] = {}
        # Margin assets whose account is in a margin call, so MARGIN_CALL goes out once per episode
        self.margin_called: set[str] = set()
        # Hedge Mode (dualSidePosition) is only a setting here: every order the engine takes is one-way, so while it
        # is on, orders are refused with -4061 as Binance refuses a positionSide BOTH order in Hedge Mode
        self.hedge_mode = False

    def now(self) -> int:
        return to_millis(self.clock.now())

    def spec(self, symbol: str) -> SymbolSpec:
        spec = self.specs.get(symbol)
        if spec is None:
            raise SimError(errors.INVALID_SYMBOL)
        return spec

    def quote(self, symbol: str) -> Quote:
        quote = self.quotes.get(symbol)
        if quote is None:
            raise ValueError(f"{symbol} has no price yet: call on_price before trading it")
        return quote

    def mark(self, symbol: str) -> Decimal | None:
        quote = self.quotes.get(symbol)
        return None if quote is None else quote.mark
