"""Engine records → domain types, one builder per record, shared by the gateway (REST view) and the stream (WS view).

Decimals are canonicalised (trailing zeros stripped) as the Binance adapter does (ADR 0014), so the same value makes
the same dedup key whichever face or source reported it. Binance's "0" for "no price" becomes None.
"""

from __future__ import annotations

from decimal import Decimal

from adapters.simulator.engine.ledger import IncomeRow, Trade
from adapters.simulator.engine.orders import AlgoOrder, Order
from adapters.simulator.engine.symbols import SymbolSpec
from adapters.simulator.engine.views import BalanceView, PositionRisk
from domain.client_order_ids import is_ours
from domain.codec import from_epoch_ms
from domain.values import canonical
from domain.events import FeeCharged, OrderFacts, OrderPlaced, OrderUpdated, TradeExecuted
from domain.reports import BalanceReport, IncomeReport, PositionReport, SymbolRules, TradeReport

FactsKind = type[OrderPlaced] | type[OrderUpdated]



def _price_or_none(value: Decimal) -> Decimal | None:
    return canonical(value) if value else None


def order_facts(kind: FactsKind, order: Order) -> OrderFacts:
    return kind(
        client_order_id=order.client_order_id, order_id=order.order_id, conditional=False, side=order.side,
        order_type=order.order_type, quantity=canonical(order.orig_qty), price=_price_or_none(order.price),
        trigger_price=_price_or_none(order.stop_price), reduce_only=order.reduce_only,
        close_position=order.close_position, time_in_force=order.time_in_force, status=order.status,
        filled_qty=canonical(order.executed_qty), avg_price=canonical(order.avg_price),
        external=not is_ours(order.client_order_id), updated_at=from_epoch_ms(order.update_time),
    )


def algo_facts(kind: FactsKind, algo: AlgoOrder) -> OrderFacts:
    return kind(
        client_order_id=algo.client_algo_id, order_id=algo.algo_id, conditional=True, side=algo.side,
        order_type=algo.order_type, quantity=canonical(algo.quantity), price=_price_or_none(algo.price),
        trigger_price=_price_or_none(algo.trigger_price), reduce_only=algo.reduce_only,
        close_position=algo.close_position, time_in_force=algo.time_in_force, status=algo.status,
        filled_qty=canonical(algo.executed_qty), avg_price=canonical(algo.actual_price),
        external=not is_ours(algo.client_algo_id), updated_at=from_epoch_ms(algo.update_time),
    )


def trade_executed(trade: Trade) -> TradeExecuted:
    return TradeExecuted(
        trade_id=trade.trade_id, order_id=trade.order_id, client_order_id=trade.client_order_id, side=trade.side,
        price=canonical(trade.price), quantity=canonical(trade.qty), realized_pnl=canonical(trade.realized_pnl),
        maker=trade.maker, external=not is_ours(trade.client_order_id), executed_at=from_epoch_ms(trade.time),
    )


def fee_charged(trade: Trade) -> FeeCharged:
    return FeeCharged(trade.trade_id, trade.commission_asset, canonical(trade.commission), from_epoch_ms(trade.time))


def trade_report(trade: Trade) -> TradeReport:
    """Like Binance's userTrades rows, the report carries no client order id: the reconciler recovers it."""
    return TradeReport(
        trade_id=trade.trade_id, order_id=trade.order_id, client_order_id=None, side=trade.side,
        price=canonical(trade.price), quantity=canonical(trade.qty), realized_pnl=canonical(trade.realized_pnl),
        commission=canonical(trade.commission), commission_asset=trade.commission_asset, maker=trade.maker,
        executed_at=from_epoch_ms(trade.time),
    )


def income_report(row: IncomeRow) -> IncomeReport:
    return IncomeReport(
        income_type=row.income_type.value, asset=row.asset, amount=canonical(row.income),
        time=from_epoch_ms(row.time), tran_id=row.tran_id, trade_id=row.trade_id,
    )


def position_report(risk: PositionRisk) -> PositionReport:
    return PositionReport(
        quantity=canonical(risk.position_amount), entry_price=canonical(risk.entry_price),
        mark_price=canonical(risk.mark_price), unrealized_pnl=canonical(risk.unrealized_pnl),
        leverage=risk.leverage, updated_at=from_epoch_ms(risk.update_time),
    )


def balance_report(view: BalanceView) -> BalanceReport:
    # Cross margin: the cross wallet is the wallet
    return BalanceReport(
        asset=view.asset, wallet_balance=canonical(view.wallet_balance),
        cross_wallet_balance=canonical(view.wallet_balance), available_balance=canonical(view.available_balance),
        updated_at=from_epoch_ms(view.update_time),
    )


def symbol_rules(spec: SymbolSpec) -> SymbolRules:
    # Exponents kept as exchangeInfo writes them: the tick's exponent tells how to print a price
    return SymbolRules(
        symbol=spec.symbol, tick_size=spec.tick_size, step_size=spec.step_size, min_qty=spec.min_qty,
        max_qty=spec.max_qty, min_notional=spec.min_notional,
    )

