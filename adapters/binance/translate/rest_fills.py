"""userTrades → TradeReport and income → IncomeReport, for the configured symbol.

Income rows with an empty symbol are account-wide (transfers) and are kept; rows of other symbols are dropped.
"""

from __future__ import annotations

from typing import Any

from adapters.binance.messages.base import load_list
from adapters.binance.messages.income import Income
from adapters.binance.messages.user_trade import UserTrade
from adapters.binance.translate import values
from domain.reports import IncomeReport, TradeReport


def trades_from_rest(payload: Any, symbol: str) -> list[TradeReport]:
    """userTrades rows carry no client order id: the reconciler recovers it from a known order."""
    return [
        TradeReport(
            trade_id=row.trade_id,
            order_id=row.order_id,
            client_order_id=None,
            side=values.side(row.side),
            price=row.price,
            quantity=row.quantity,
            realized_pnl=row.realized_pnl,
            commission=row.commission,
            commission_asset=row.commission_asset,
            maker=row.maker,
            executed_at=row.time,
        )
        for row in load_list(UserTrade, payload, "userTrades")
        if row.symbol == symbol
    ]


def incomes_from_rest(payload: Any, symbol: str) -> list[IncomeReport]:
    return [
        IncomeReport(
            income_type=row.income_type,
            asset=row.asset,
            amount=row.amount,
            time=row.time,
            tran_id=row.tran_id,
            trade_id=row.trade_id,
        )
        for row in load_list(Income, payload, "income")
        if row.symbol in (symbol, "")
    ]
