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
    def __init__(self, id_of: Callable[[T], int], client_id_of: Callable[[T], str]) -> None:
        self._id_of = id_of
        self._client_id_of = client_id_of
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


class OrderStore(_Store[Order]):
    def __init__(self) -> None:
        super().__init__(lambda order: order.order_id, lambda order: order.client_order_id)

    def open_notional(self, symbol: str, side: Side) -> Decimal:
        """Price × remaining of the open orders on one side (the `b`/`a` of ORDER_TRADE_UPDATE)."""
        return sum((order.price * order.remaining for order in self.open(symbol) if order.side is side), ZERO)

    def history(
        self,
        symbol: str,
        *,
        order_id: int | None = None,
        start_time: int | None = None,
        end_time: int | None = None,
        limit: int = 500,
    ) -> list[Order]:
        """allOrders: ids ≥ `order_id` (oldest first), else the newest `limit` within the time bounds."""
        rows = [
            o
            for o in self.all(symbol)
            if (start_time is None or o.time >= start_time) and (end_time is None or o.time <= end_time)
        ]
        if order_id is not None:
            return [o for o in rows if o.order_id >= order_id][:limit]
        return rows[-limit:]


class AlgoStore(_Store[AlgoOrder]):
    def __init__(self) -> None:
        super().__init__(lambda algo: algo.algo_id, lambda algo: algo.client_algo_id)
