"""The ledger's indexes: rows kept in query order with their keys beside them, so a window or a fromId is a bisection.

A long demo writes hundreds of thousands of trades and income rows; userTrades and income are asked for the newest
few on every reconcile pass, so a query must cost what it returns, not what the history holds.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import Generic, TypeVar

R = TypeVar("R")


class InsertionIndex(Generic[R]):
    """Rows in the order they were added, with their times and ids beside them for bisection.

    The bisections hold while times and ids never decrease from one row to the next, as the engine's clock and id
    sequences give them; a row that breaks that order marks the index unordered, and then it only lists its rows.
    """

    def __init__(self) -> None:
        self.rows: list[R] = []
        self._times: list[int] = []
        self._ids: list[int] = []
        self.ordered = True

    def add(self, row: R, time: int, row_id: int) -> None:
        if self.rows and (time < self._times[-1] or row_id <= self._ids[-1]):
            self.ordered = False
        self.rows.append(row)
        self._times.append(time)
        self._ids.append(row_id)

    def from_id(self, first_id: int, limit: int) -> list[R]:
        """Rows with id ≥ `first_id`, oldest first, at most `limit` (index ordered)."""
        start = bisect_left(self._ids, first_id)
        return self.rows[start : start + limit]

    def between(self, start: int, end: int) -> tuple[int, int]:
        """The slice [lo, hi) of rows whose time lies in [start, end] (index ordered)."""
        return bisect_left(self._times, start), bisect_right(self._times, end)


class SortedIndex(Generic[R]):
    """Rows kept sorted by (time, id) as they are added (a late row, such as a funding mark, is inserted in place)."""

    def __init__(self, key: Callable[[R], tuple[int, int]]) -> None:
        self.rows: list[R] = []
        self._keys: list[tuple[int, int]] = []
        self._key = key

    def add(self, row: R) -> None:
        key = self._key(row)
        if not self._keys or key > self._keys[-1]:
            self.rows.append(row)
            self._keys.append(key)
            return
        at = bisect_right(self._keys, key)
        self.rows.insert(at, row)
        self._keys.insert(at, key)

    def between(self, start: int, end: int) -> tuple[int, int]:
        """The slice [lo, hi) of rows whose time lies in [start, end]."""
        # Ids are positive, so (start, -1) sorts before every row at `start` and (end + 1, -1) after every row at `end`
        return bisect_left(self._keys, (start, -1)), bisect_left(self._keys, (end + 1, -1))
