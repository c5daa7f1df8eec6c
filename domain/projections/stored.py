"""The ever-growing read models (trades, closed-order markers) as a store holds them, read by key (ADR 0069).

The bot never holds these tables whole: its fold and its reconcile passes ask a store for the rows they name. The
domain only declares the questions; the projection store answers them (the I/O stays in the adapters).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from domain.projections.rows import ClosedOrder, Trade

# Grow with every fill and every order ever closed, and the fold only upserts them: never loaded whole by the bot
LARGE_TABLES = ("trade", "order_closed")


class StoredRows(Protocol):
    def trade(self, trade_id: int) -> Trade | None:
        """Return the stored trade row with that id, or None."""

    def closed_order(self, key: str) -> ClosedOrder | None:
        """Return the stored closed-order marker under that order key, or None."""

    def highest_trade_id(self) -> int | None:
        """Return the highest stored trade id, or None when no trade is stored."""

    def trades_without_client_id(self) -> list[Trade]:
        """Return the stored trades whose client order id is unknown (awaiting attribution), by trade id."""

    def trades_of_orders(self, order_ids: Collection[int]) -> list[Trade]:
        """Return the stored trades of those exchange order ids, by trade id."""

    def all_trades(self) -> list[Trade]:
        """Return every stored trade by trade id (tools and tests: the bot never asks it)."""
