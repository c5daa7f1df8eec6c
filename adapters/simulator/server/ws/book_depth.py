"""The depth streams from the engine's synthetic book: `depthUpdate` events of the partial book (its best levels) and
of the diff book (the levels that changed since the last diff event, a vanished level at quantity 0).

Update ids are the steps' aggregate trade ids, as bookTicker's `u`: an event covers the steps after the previous
event's (`pu`) up to its own (`u`), so `U` is `pu` + 1. The engine holds the book of the market's now only, so a
window of the simulation sends at most one event per depth stream (when it crossed a tick of the stream's speed and a
step happened), stamped at the window's end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from adapters.simulator.exchange.book import Level

_STREAM_STATUS = 1  # `st` of the docs example

Book = tuple[Sequence[Level], Sequence[Level]]
BookReader = Callable[[], Book]


@dataclass
class DiffMemory:
    """The book each diff-depth speed last sent, price → quantity per side (shared by every socket)."""

    sent: dict[int, tuple[dict[Decimal, Decimal], dict[Decimal, Decimal]]] = field(default_factory=dict)
    last_ids: dict[int, int] = field(default_factory=dict)

    def changes(self, every_ms: int, book: Book, last_id: int) -> tuple[list[list[str]], list[list[str]]]:
        """The levels of `book` that differ from what this speed last sent; remember `book` as sent at `last_id`."""
        bids, asks = ({level.price: level.qty for level in side} for side in book)
        old_bids, old_asks = self.sent.get(every_ms, ({}, {}))
        self.sent[every_ms] = (bids, asks)
        self.last_ids[every_ms] = last_id
        return _changed(old_bids, bids, reverse=True), _changed(old_asks, asks, reverse=False)


@dataclass(frozen=True)
class DepthIds:
    """The event's transaction time and update ids."""

    transaction_ms: int
    previous_id: int
    last_id: int


def depth_event(
    symbol: str, event_ms: int, ids: DepthIds, bids: list[list[str]], asks: list[list[str]]
) -> dict[str, Any]:
    """One `depthUpdate` event (the shape of ws_depth_update_docs_example.json)."""
    return {
        "e": "depthUpdate",
        "E": event_ms,
        "T": ids.transaction_ms,
        "s": symbol,
        "U": ids.previous_id + 1,
        "u": ids.last_id,
        "pu": ids.previous_id,
        "b": bids,
        "a": asks,
        "ps": symbol,
        "st": _STREAM_STATUS,
    }


def best_levels(book: Book, levels: int) -> tuple[list[list[str]], list[list[str]]]:
    """The best `levels` of each side (as many as the book holds), as [price, quantity] texts."""
    bids, asks = book
    return [_row(level.price, level.qty) for level in bids[:levels]], [
        _row(level.price, level.qty) for level in asks[:levels]
    ]


def _changed(old: dict[Decimal, Decimal], new: dict[Decimal, Decimal], reverse: bool) -> list[list[str]]:
    changed = {price: qty for price, qty in new.items() if old.get(price) != qty}
    changed.update({price: Decimal(0) for price in old if price not in new})
    return [_row(price, changed[price]) for price in sorted(changed, reverse=reverse)]


def _row(price: Decimal, qty: Decimal) -> list[str]:
    return [format(price, "f"), format(qty, "f") if qty else "0"]
