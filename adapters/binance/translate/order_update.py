"""ORDER_TRADE_UPDATE → OrderPlaced/OrderUpdated (+ TradeExecuted, FeeCharged per fill); TRADE_LITE → nothing.

x=NEW gives OrderPlaced, any other execution type OrderUpdated. x=TRADE and x=CALCULATED (liquidation/ADL, client ids
autoclose-… / adl_autoclose, external) also give the fill and its fee. TRADE_LITE gives no TradeExecuted: it lacks the
fee and realized PnL, and the first TradeExecuted of a trade id wins its dedup key, so it would lock in wrong numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from adapters.binance.messages.base import Body, load, read
from adapters.binance.messages.order_trade_update import OrderTradeUpdate, OrderUpdate
from adapters.binance.messages.trade_lite import TradeLite
from adapters.binance.translate import values
from adapters.binance.translate.constructors import constructor
from adapters.binance.translate.errors import UnsupportedValue
from adapters.binance.translate.order_facts import regular_order_facts
from adapters.binance.translate.problems import StreamProblem
from domain.client_order_ids import is_ours
from domain.events import EventPayload, FeeCharged, OrderFacts, OrderPlaced, OrderUpdated, TradeExecuted


class ExecutionType(StrEnum):
    """The execution types (`x`) the translator tells apart; any other one is an order update without a fill."""

    NEW = "NEW"
    TRADE = "TRADE"
    CALCULATED = "CALCULATED"


FILL_EXECUTIONS = frozenset({ExecutionType.TRADE, ExecutionType.CALCULATED})

OrderItem = EventPayload | StreamProblem


def translate_order_trade_update(message: Body, symbol: str) -> list[OrderItem]:
    return order_items(read(OrderTradeUpdate, message, "ORDER_TRADE_UPDATE").order, symbol)


def translate_order_object(order: Mapping[str, Any], symbol: str) -> list[OrderItem]:
    """The inner `o` object alone (it carries its own T), as some captures and the WS-API relay it."""
    return order_items(load(OrderUpdate, order, "ORDER_TRADE_UPDATE.o"), symbol)


def order_items(order: OrderUpdate, symbol: str) -> list[OrderItem]:
    if order.symbol != symbol:
        return []
    facts = _order_facts(order)
    items: list[OrderItem] = [facts]
    if order.execution_type in FILL_EXECUTIONS:
        items.extend(_fill(order, facts))
    return items


def translate_trade_lite(message: Body, symbol: str) -> list[OrderItem]:
    """Validated, then deliberately ignored (ADR 0054): a malformed one is still recorded as an exchange error.

    TRADE_LITE is a low-latency subset of a fill that ORDER_TRADE_UPDATE repeats milliseconds later on the same socket
    with the fee and realized PnL. It holds nothing that frame lacks, so it is no fact; waking a reconcile on it would
    spend request weight on every fill racing the frame already on its way, and a lost frame is the silence detector's
    and the poll's to catch (ADR 0018, 0031), not this notice's.
    """
    read(TradeLite, message, "TRADE_LITE")
    return []


def _order_facts(order: OrderUpdate) -> OrderFacts | StreamProblem:
    kind = OrderPlaced if order.execution_type == ExecutionType.NEW else OrderUpdated
    try:
        return regular_order_facts(kind, order, avg_price=order.avg_price, updated_at=order.trade_time)
    except UnsupportedValue as exc:
        return StreamProblem(f"ORDER_TRADE_UPDATE order {order.order_id}: {exc}; order facts not recorded")


def _fill(order: OrderUpdate, facts: OrderFacts | StreamProblem) -> list[OrderItem]:
    trade_id = order.trade_id
    if trade_id == 0:
        # t=0 means "no trade" on Binance: nothing to record
        return []
    if order.realized_pnl is None:
        # A fill without rp would lock a wrong PnL into the trade's dedup key; REST userTrades brings it whole
        return [StreamProblem(f"ORDER_TRADE_UPDATE fill {trade_id}: rp missing; left to REST reconciliation")]
    if isinstance(facts, OrderFacts):
        # The order's facts already hold the side and the origin read from this very order
        side, external = facts.side, facts.external
    else:
        side, external = values.side(order.side), not is_ours(order.client_order_id)
    items: list[OrderItem] = [
        constructor(TradeExecuted)(
            trade_id=trade_id,
            order_id=order.order_id,
            client_order_id=order.client_order_id,
            side=side,
            price=order.last_price,
            quantity=order.last_qty,
            realized_pnl=order.realized_pnl,
            maker=order.maker,
            external=external,
            executed_at=order.trade_time,
        ),
    ]
    if order.commission is not None and order.commission_asset is not None:
        # Without N/n the trade row stays fee-less and reconciliation proposes the fee from userTrades
        items.append(
            constructor(FeeCharged)(
                trade_id=trade_id, asset=order.commission_asset, amount=order.commission, charged_at=order.trade_time
            )
        )
    return items
