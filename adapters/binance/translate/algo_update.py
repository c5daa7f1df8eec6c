"""ALGO_UPDATE → OrderPlaced (X=NEW) or OrderUpdated, conditional=True, keyed by algoId.

Statuses (API.md §6): NEW → TRIGGERING → TRIGGERED (engine order `ai` placed; its fills come as ORDER_TRADE_UPDATE
under that order id) → FINISHED (check aq), or CANCELED / REJECTED / EXPIRED.
"""

from __future__ import annotations

from adapters.binance.messages.algo_update import AlgoUpdate
from adapters.binance.messages.base import Body, read
from adapters.binance.translate.errors import UnsupportedValue
from adapters.binance.translate.order_facts import algo_order_facts
from adapters.binance.translate.problems import StreamProblem
from domain.events import OrderFacts, OrderPlaced, OrderUpdated
from domain.values import OrderStatus


def translate_algo_update(message: Body, symbol: str) -> list[OrderFacts | StreamProblem]:
    frame = read(AlgoUpdate, message, "ALGO_UPDATE")
    order = frame.order
    if order.symbol != symbol:
        return []
    kind = OrderPlaced if order.status == OrderStatus.NEW else OrderUpdated
    try:
        return [
            algo_order_facts(kind, order, updated_at=frame.transaction_time),
        ]
    except UnsupportedValue as exc:
        return [StreamProblem(f"ALGO_UPDATE algo order {order.algo_id}: {exc}; order facts not recorded")]
