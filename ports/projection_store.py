"""Read-model tables and the checkpoint of the last event folded into them."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from domain.codec import Record
from domain.projections.rows import Balance, ClosedOrder, EngineStatus, OpenOrder, PnlDay, Position, Trade
from domain.projections.state import ProjectionState, RowChange
from domain.values import Side


@dataclass(frozen=True)
class TradeQuery:
    """A page of executed trades, newest first: at most `limit`, of `side` (None: both), executed in [since, until),
    older than the keyset cursor `before` (the (executed_at, trade_id) of the previous page's last trade)."""

    limit: int
    side: Side | None = None
    since: datetime | None = None
    until: datetime | None = None
    before: tuple[datetime, int] | None = None


class ProjectionStore(ABC):
    @abstractmethod
    def load(self) -> tuple[ProjectionState, int]:
        """Return all rows held whole as a state and the checkpoint seq they reflect (tools and tests, not the bot)."""

    @abstractmethod
    def open_state(self) -> tuple[ProjectionState, int]:
        """Return the small tables as a state reading the large ones from this store by key, and the checkpoint."""

    @abstractmethod
    def trade(self, trade_id: int) -> Trade | None:
        """Return the stored trade row with that id, or None."""

    @abstractmethod
    def closed_order(self, key: str) -> ClosedOrder | None:
        """Return the stored closed-order marker under that order key, or None."""

    @abstractmethod
    def highest_trade_id(self) -> int | None:
        """Return the highest stored trade id, or None when no trade is stored."""

    @abstractmethod
    def trades_without_client_id(self) -> list[Trade]:
        """Return the stored trades whose client order id is unknown (awaiting attribution), by trade id."""

    @abstractmethod
    def trades_of_orders(self, order_ids: Collection[int]) -> list[Trade]:
        """Return the stored trades of those exchange order ids, by trade id."""

    @abstractmethod
    def all_trades(self) -> list[Trade]:
        """Return every stored trade by trade id (tools and tests: the bot never asks it)."""

    @abstractmethod
    def position(self, symbol: str) -> Position:
        """Return the symbol's position row, or a flat one when none is stored."""

    @abstractmethod
    def balances(self) -> list[Balance]:
        """Return every balance row, sorted by asset."""

    @abstractmethod
    def open_orders(self) -> list[OpenOrder]:
        """Return the open orders, regular ones before conditional ones, each group by exchange order id."""

    @abstractmethod
    def recent_trades(self, limit: int) -> list[Trade]:
        """Return at most `limit` trades (int >= 0): newest execution first, then fee-only ones; ties by higher id."""

    @abstractmethod
    def trade_history(self, query: TradeQuery) -> list[Trade]:
        """Return the executed trades the query selects, newest execution first, ties by higher id (fee-only: never)."""

    @abstractmethod
    def pnl_days(self, before: date | None, limit: int) -> list[PnlDay]:
        """Return at most `limit` (int >= 0) ledger days earlier than `before` (None: any), newest first."""

    @abstractmethod
    def pnl_since(self, day: date) -> PnlDay:
        """Return the ledger days from `day` on summed, as ledger.total (date.min when there is none)."""

    @abstractmethod
    def pnl_day(self, day: date) -> PnlDay:
        """Return the ledger row of that UTC day, or an empty one."""

    @abstractmethod
    def pnl_total(self) -> PnlDay:
        """Return every ledger day summed, dated the latest of them (date.min when there is none), as ledger.total."""

    @abstractmethod
    def engine(self) -> EngineStatus | None:
        """Return the engine row, or None before any pause or resume was folded."""

    @abstractmethod
    def checkpoint(self) -> int:
        """Return the seq of the last event folded into the stored rows."""

    @abstractmethod
    def save(self, changes: Sequence[RowChange], checkpoint: int) -> None:
        """Apply row changes in order and move the checkpoint, atomically; a lower checkpoint: CheckpointRegression."""

    @abstractmethod
    def replace_all(self, state: ProjectionState, checkpoint: int) -> None:
        """Swap every table for `state` and set the checkpoint, atomically (a rebuild)."""

    @abstractmethod
    def dump(self) -> dict[str, list[Record]]:
        """Return every table as canonical records sorted by key: equal content gives equal dumps."""
