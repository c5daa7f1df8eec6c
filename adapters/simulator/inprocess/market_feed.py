"""Market sources for the in-process gateway, read from a simulator Market (the engine itself holds no klines).

Each answer is the wire server's /fapi/v1/klines or premiumIndex body read by the Binance adapter's translator
(wire_view, ADR 0055, 0061), as every other read of the in-process face."""

from __future__ import annotations

from decimal import Decimal

from adapters.simulator.inprocess import wire_view
from adapters.simulator.inprocess.gateway import KlineSource, MarkPriceSource
from adapters.simulator.market.market import Market
from domain.reports import Kline


def market_klines(market: Market) -> KlineSource:
    """/fapi/v1/klines as the market stands now: the latest `limit`, oldest first, the last one maybe still open."""

    def klines(symbol: str, interval: str, limit: int) -> list[Kline]:
        _same_symbol(market, symbol)
        return wire_view.klines(market.klines(interval, limit=limit), market.now)

    return klines


def market_mark_price(market: Market) -> MarkPriceSource:
    def mark_price(symbol: str) -> Decimal:
        _same_symbol(market, symbol)
        return wire_view.mark_price(symbol, market.premium_index())

    return mark_price


def _same_symbol(market: Market, symbol: str) -> None:
    if symbol != market.symbol:
        raise ValueError(f"this market simulates {market.symbol}, not {symbol}")
