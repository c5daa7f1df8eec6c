"""The engine's records rendered as the wire server renders them and read back by the Binance adapter's translators.

One translation (ADR 0055): the in-process face answers what BinanceGateway makes of the wire server's JSON, so a
fix to a translator reaches both faces. The rendered objects hold only JSON types, so they go to the message
structures as they are: a json.dumps/loads round trip would add cost and nothing the structures check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from adapters.binance.translate import (
    algo_order_from_rest,
    balances_from_rest,
    incomes_from_rest,
    isolated_from_symbol_config,
    klines_from_rest,
    leverage_from_symbol_config,
    mark_price_from_rest,
    order_from_rest,
    position_from_rest,
    symbol_rules_from_rest,
    trades_from_rest,
)
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.ledger import IncomeRow, Trade
from adapters.simulator.exchange.orders import AlgoOrder, Order
from adapters.simulator.exchange.views import BalanceView, PositionRisk
from adapters.simulator.market.bars import SimKline
from adapters.simulator.market.events import PremiumIndex
from adapters.simulator.market.payloads import kline_row, premium_index_body
from adapters.simulator.server.account_routes import symbol_config_body
from adapters.simulator.server.algo_routes import algo_body, algo_query_body
from adapters.simulator.server.bodies import balance_body, income_body, order_body, position_v3_body, trade_body
from adapters.simulator.server.reference import exchange_info_body
from adapters.simulator.wire.rate_limits import Limits
from domain.events import OrderFacts
from domain.reports import BalanceReport, IncomeReport, Kline, PositionReport, SymbolRules, TradeReport
from domain.times import from_epoch_ms

OrderBody = Callable[..., dict[str, Any]]


def order_facts(engine: MatchingEngine, order: Order, body: OrderBody = order_body) -> OrderFacts:
    """`body` is the endpoint's renderer: order_body (RESULT, query, open orders) or cancel_body."""
    return _present(order_from_rest(body(order, engine.spec(order.symbol)), order.symbol))


def algo_facts(engine: MatchingEngine, algo: AlgoOrder, body: OrderBody = algo_query_body) -> OrderFacts:
    """`body` is algo_body for the POST answer, algo_query_body for a lookup or a listing."""
    return _present(algo_order_from_rest(body(algo, engine.spec(algo.symbol)), algo.symbol))


def placed_algo_facts(engine: MatchingEngine, algo: AlgoOrder) -> OrderFacts:
    return algo_facts(engine, algo, algo_body)


def trade_reports(engine: MatchingEngine, symbol: str, trades: list[Trade]) -> list[TradeReport]:
    spec = engine.spec(symbol)
    return trades_from_rest([trade_body(trade, spec) for trade in trades], symbol)


def income_reports(rows: list[IncomeRow], symbol: str) -> list[IncomeReport]:
    return incomes_from_rest([income_body(row) for row in rows], symbol)


def position_report(engine: MatchingEngine, risk: PositionRisk) -> PositionReport:
    """positionRisk v3 as BinanceGateway reads it, its leverage from symbolConfig (v3 carries none)."""
    symbol = risk.symbol
    report = position_from_rest([position_v3_body(risk, engine.spec(symbol))], symbol, _as_read(risk.update_time))
    config = [symbol_config_body(risk)]
    return replace(
        report,
        leverage=leverage_from_symbol_config(config, symbol),
        isolated=isolated_from_symbol_config(config, symbol),
    )


def balance_reports(views: list[BalanceView]) -> list[BalanceReport]:
    return [report for view in views for report in balances_from_rest([balance_body(view)], _as_read(view.update_time))]


def _as_read(update_ms: int) -> datetime:
    # The translator dates a row without updateTime by when it was read; the engine knows its record's own time, and
    # a never-updated record (0) is older than any fact, so a snapshot of it never undoes one heard since
    return from_epoch_ms(update_ms)


def symbol_rules(engine: MatchingEngine, symbol: str, server_ms: int) -> SymbolRules:
    return symbol_rules_from_rest(exchange_info_body(engine.symbols, server_ms, Limits()), symbol)


def klines(rows: list[SimKline], now: datetime) -> list[Kline]:
    """/fapi/v1/klines as BinanceGateway reads it: a kline is closed once its close time is before `now`."""
    return klines_from_rest([kline_row(row) for row in rows], now)


def mark_price(symbol: str, premium: PremiumIndex) -> Decimal:
    """GET /fapi/v1/premiumIndex?symbol= as BinanceGateway reads it (the mark printed with eight decimals)."""
    mark = mark_price_from_rest(premium_index_body(symbol, premium), symbol)
    if mark is None:
        raise RuntimeError("the translator found no mark price in a body rendered for its own symbol")
    return mark.mark_price


def _present(facts: OrderFacts | None) -> OrderFacts:
    if facts is None:
        # Rendered from the engine's own record under its own symbol: "another symbol" would be a renderer bug
        raise RuntimeError("the translator found no order in a body rendered for its own symbol")
    return facts
