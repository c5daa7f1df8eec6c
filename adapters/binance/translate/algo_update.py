"""ALGO_UPDATE → OrderPlaced (X=NEW) or OrderUpdated, conditional=True, keyed by algoId.

Statuses (API.md §6): NEW → TRIGGERING → TRIGGERED (engine order `ai` placed; its fills come as ORDER_TRADE_UPDATE
under that order id) → FINISHED (check aq), or CANCELED / REJECTED / EXPIRED.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.binance.schemas.algo_update import AlgoUpdateSchema
from adapters.binance.schemas.base import load
from adapters.binance.translate.errors import UnsupportedValue
from adapters.binance.translate.order_facts import algo_order_facts
from adapters.binance.translate.problems import StreamProblem
from domain.events import OrderPlaced, OrderUpdated


def translate_algo_update(message: Mapping[str, Any], symbol: str) -> list[OrderPlaced | OrderUpdated | StreamProblem]:
    frame = load(AlgoUpdateSchema, message, "ALGO_UPDATE")
    order = frame["order"]
    if order["symbol"] != symbol:
        return []
    kind: type[OrderPlaced | OrderUpdated] = OrderPlaced if order["status"] == "NEW" else OrderUpdated
    try:
        return [
            algo_order_facts(kind, order, updated_at=frame["transaction_time"]),
        ]
    except UnsupportedValue as exc:
        return [StreamProblem(f"ALGO_UPDATE algo order {order['algo_id']}: {exc}; order facts not recorded")]
