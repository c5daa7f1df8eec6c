"""Where orders live: by exchange id, by client id (the most recent wins), in acceptance order."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Generic, Protocol, TypeVar

from .orders import AlgoOrder, Order
from .vocabulary import ZERO, Side


class _Stored(Protocol):
    @property
    def symbol(self) -> str: ...

    @property
    def is_open(self) -> bool: ...


T = TypeVar("T", bound=_Stored)


class _Store(Generic[T]):
    def __init__(
        self, id_of: Callable[[T], int], client_id_of: Callable[[T], str], time_of: Callable[[T], int]
    ) -> None:
        self._id_of = id_of
        self._client_id_of = client_id_of
        self._time_of = time_of
        self._by_id: dict[int, T] = {}
        self._latest_by_client: dict[str, int] = {}

    def add(self, item: T) -> None:
        item_id = self._id_of(item)
        if item_id in self._by_id:
            raise ValueError(f"id {item_id} is already stored")
        self._by_id[item_id] = item
        # A client id may be reused once its order closed; lookups by client id then find the newest
        self._latest_by_client[self._client_id_of(item)] = item_id

    def replace(self, item: T) -> T:
        item_id = self._id_of(item)
        if item_id not in self._by_id:
            raise KeyError(f"id {item_id} was never stored")
        self._by_id[item_id] = item
        return item

    def get(self, item_id: int) -> T | None:
        return self._by_id.get(item_id)

    def by_client_id(self, client_id: str) -> T | None:
        item_id = self._latest_by_client.get(client_id)
        return None if item_id is None else self._by_id[item_id]

    def client_id_is_open(self, client_id: str) -> bool:
        found = self.by_client_id(client_id)
        return found is not None and found.is_open

    def all(self, symbol: str | None = None) -> list[T]:
        return [item for item in self._by_id.values() if symbol is None or item.symbol == symbol]

    def open(self, symbol: str | None = None) -> list[T]:
        return [item for item in self.all(symbol) if item.is_open]

    def history(
        self,
        symbol: str,
        *,
        from_id: int | None = None,
        start_time: int | None = None,
        end_time: int | None = None,
        limit: int = 500,
        page: int = 1,
    ) -> list[T]:
        """allOrders / allAlgoOrders: ids ≥ `from_id` (oldest first), else the newest `limit` within the time bounds;
        `page` n skips the n − 1 pages of `limit` before it (from `from_id` on, or back from the newest)."""
        time_of = self._time_of
        rows = [
            item
            for item in self.all(symbol)
            if (start_time is None or time_of(item) >= start_time) and (end_time is None or time_of(item) <= end_time)
        ]
        skipped = (page - 1) * limit
        if from_id is not None:
            rows = [item for item in rows if self._id_of(item) >= from_id]
            return rows[skipped : skipped + limit]
        stop = max(len(rows) - skipped, 0)
        return rows[max(stop - limit, 0) : stop]


class OrderStore(_Store[Order]):
    def __init__(self) -> None:
        super().__init__(lambda order: order.order_id, lambda order: order.client_order_id, lambda order: order.time)

    def open_notional(self, symbol: str, side: Side) -> Decimal:
        """Price × remaining of the open orders on one side (the `b`/`a` of ORDER_TRADE_UPDATE)."""
        return sum((order.price * order.remaining for order in self.open(symbol) if order.side is side), ZERO)


class AlgoStore(_Store[AlgoOrder]):
    def __init__(self) -> None:
        super().__init__(lambda algo: algo.algo_id, lambda algo: algo.client_algo_id, lambda algo: algo.create_time)
