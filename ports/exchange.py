"""The exchange, seen through venue-neutral domain types. Only the executor and reconciler call it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from domain.events import EventPayload, OrderFacts
from domain.order_request import OrderRequest
from domain.reports import BalanceReport, IncomeReport, Kline, PositionReport, SymbolRules, TradeReport
from domain.transfers import TransferDirection, TransferReport
from ports.errors import NeverPlaced


class ExchangeGateway(ABC):
    """REST: every method raises ExchangeRejected (definitive), OutcomeUnknown or RateLimited."""

    @abstractmethod
    async def server_time(self) -> datetime:
        """Return the exchange's clock."""

    @abstractmethod
    async def symbol_rules(self, symbol: str) -> SymbolRules:
        """Return tick/step/notional filters of `symbol`."""

    @abstractmethod
    async def place_order(self, request: OrderRequest) -> OrderFacts:
        """Send once (regular or algo by type); an id that is still open returns that open order, or raises
        OutcomeUnknown if it cannot then be found; never retries on an unknown outcome — the caller looks it up."""

    @abstractmethod
    async def query_order(self, symbol: str, client_order_id: str, conditional: bool) -> OrderFacts | None:
        """Return the order with this client id, or None if it is not visible yet (never a proof of absence)."""

    @abstractmethod
    async def cancel_order(self, symbol: str, client_order_id: str, conditional: bool) -> OrderFacts | None:
        """Cancel one order; None if it was already closed or unknown, which is success for a cancel."""

    @abstractmethod
    def never_placed(self, client_order_id: str, detail: str) -> NeverPlaced:
        """The refusal to record for an intent its history proved never placed, under the venue's no-such-order code."""

    @abstractmethod
    async def cancel_all(self, symbol: str) -> None:
        """Cancel every open regular and algo order of `symbol`; idempotent."""

    @abstractmethod
    async def open_orders(self, symbol: str) -> list[OrderFacts]:
        """Return open regular orders and open algo orders of `symbol`."""

    @abstractmethod
    async def user_trades(self, symbol: str, from_id: int | None) -> list[TradeReport]:
        """Return fills with trade id ≥ from_id (recent ones when None), ascending by trade id."""

    @abstractmethod
    async def position(self, symbol: str) -> PositionReport:
        """Return the one-way position of `symbol` (zero when flat)."""

    @abstractmethod
    async def balances(self) -> list[BalanceReport]:
        """Return futures wallet balances per asset."""

    @abstractmethod
    async def income(self, symbol: str, since: datetime | None) -> list[IncomeReport]:
        """Return income rows (REALIZED_PNL, COMMISSION, FUNDING_FEE, …) at or after `since`, ascending by time."""

    @abstractmethod
    async def transfer(self, direction: TransferDirection, asset: str, amount: Decimal) -> int:
        """Move funds between the spot and futures wallets once and return the transfer id; never retried: on
        OutcomeUnknown the caller looks the transfer up in transfer_history, it never sends again."""

    @abstractmethod
    async def transfer_history(self, direction: TransferDirection, since: datetime) -> list[TransferReport]:
        """Return the confirmed transfers of `direction` made at or after `since`, oldest first (every page)."""

    @abstractmethod
    async def spot_balance(self, asset: str) -> Decimal:
        """Return the free balance of `asset` in the spot wallet (0 when it holds none)."""

    @abstractmethod
    async def transfer_income(self, since: datetime | None) -> list[IncomeReport]:
        """Return the futures wallet's TRANSFER income rows at or after `since` (the last 7 days when None), by time."""

    @abstractmethod
    async def hedge_mode(self) -> bool:
        """Whether the account is in Hedge Mode (two positions per symbol), which the bot does not trade in."""

    @abstractmethod
    async def set_leverage(self, symbol: str, leverage: int) -> int:
        """Set and return the leverage of `symbol`; idempotent."""

    @abstractmethod
    async def klines(self, symbol: str, interval: str, limit: int) -> list[Kline]:
        """Return the latest `limit` klines, oldest first; the last may still be open."""

    @abstractmethod
    async def mark_price(self, symbol: str) -> Decimal:
        """Return the current mark price of `symbol`."""


class StreamState(StrEnum):
    """Where the user-data stream stands (ADR 0054); the values are what the health row stores and the web shows."""

    UNKNOWN = "unknown"  # no signal since the bot started
    CONNECTED = "connected"  # every (re)connect asks for a gap reconcile
    DISCONNECTED = "disconnected"
    SILENT = "silent"  # no frame for a while: REST is polled fast until one arrives
    KEY_EXPIRED = "key_expired"  # the listenKey is gone: a new one is fetched and the socket reopened


@dataclass(frozen=True)
class StreamStatus:
    """A connection signal: connected, disconnected, silent or key expired; a reconnect asks for a gap reconcile."""

    state: StreamState
    at: datetime
    detail: str = ""


UserDataMessage = EventPayload | StreamStatus


class UserDataStream(ABC):
    @abstractmethod
    def messages(self) -> AsyncGenerator[UserDataMessage, None]:
        """Yield user-data facts in arrival order with status signals; reconnects itself; a bad frame never raises."""


class MarketDataStream(ABC):
    @abstractmethod
    def klines(self, symbol: str, interval: str) -> AsyncIterator[Kline]:
        """Yield kline updates (open and closed) for `symbol`; reconnects internally."""

    @abstractmethod
    def mark_prices(self, symbol: str) -> AsyncIterator[tuple[datetime, Decimal]]:
        """Yield (time, mark price) updates for `symbol`."""
