"""Market and housekeeping responses: exchangeInfo, klines, premiumIndex, time, commissionRate, leverage, listenKey."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from adapters.binance.messages.base import load, load_list
from adapters.binance.messages.commission_rate import CommissionRate
from adapters.binance.messages.errors import MalformedPayload
from adapters.binance.messages.exchange_info import ExchangeInfo, Filter, SymbolInfo
from adapters.binance.messages.kline_row import KLINE_COLUMNS, KlineRow
from adapters.binance.messages.listen_key import ListenKey
from adapters.binance.messages.premium_index import PremiumIndex
from adapters.binance.messages.server_time import ServerTime
from adapters.binance.messages.symbol_config import SymbolLeverage
from adapters.binance.translate.errors import SymbolNotListed
from domain.reports import Kline, SymbolRules


@dataclass(frozen=True)
class MarkPrice:
    mark_price: Decimal
    next_funding_time: datetime
    time: datetime


def symbol_rules_from_rest(payload: Any, symbol: str) -> SymbolRules:
    """tickSize (PRICE_FILTER), stepSize/minQty/maxQty (LOT_SIZE), MARKET_LOT_SIZE step, MIN_NOTIONAL notional."""
    listed = load(ExchangeInfo, payload, "exchangeInfo").symbols
    raw = next((s for s in listed if isinstance(s, dict) and s.get("symbol") == symbol), None)
    if raw is None:
        raise SymbolNotListed(f"exchangeInfo: symbol {symbol} is not listed")
    filters = {f.filter_type: f for f in load(SymbolInfo, raw, f"exchangeInfo {symbol}").filters}
    price, lot = _filter(filters, "PRICE_FILTER", symbol), _filter(filters, "LOT_SIZE", symbol)
    notional, market_lot = _filter(filters, "MIN_NOTIONAL", symbol), filters.get("MARKET_LOT_SIZE")
    return SymbolRules(
        symbol=symbol,
        tick_size=_value(price.tick_size, price, "tickSize", symbol),
        step_size=_value(lot.step_size, lot, "stepSize", symbol),
        min_qty=_value(lot.min_qty, lot, "minQty", symbol),
        max_qty=_value(lot.max_qty, lot, "maxQty", symbol),
        min_notional=_value(notional.notional, notional, "notional", symbol),
        market_step_size=market_lot.step_size if market_lot is not None else None,
    )


def klines_from_rest(payload: Any, now: datetime) -> list[Kline]:
    """Kline arrays, oldest first; a kline is closed once its close time is before `now` (the last one may be open)."""
    if not isinstance(payload, list):
        raise MalformedPayload(f"klines: expected a JSON array, got {type(payload).__name__}")
    for index, row in enumerate(payload):
        if not isinstance(row, list) or len(row) < KLINE_COLUMNS:
            raise MalformedPayload(f"klines[{index}]: expected an array of at least {KLINE_COLUMNS} columns")
    return [_kline(row, now) for row in load_list(KlineRow, payload, "klines")]


def mark_price_from_rest(payload: Any, symbol: str) -> MarkPrice | None:
    """premiumIndex with a symbol (an object) or without (an array); None when `symbol` is not in it."""
    rows = load_list(PremiumIndex, payload if isinstance(payload, list) else [payload], "premiumIndex")
    row = next((r for r in rows if r.symbol == symbol), None)
    return MarkPrice(row.mark_price, row.next_funding_time, row.time) if row is not None else None


def server_time_from_rest(payload: Any) -> datetime:
    return load(ServerTime, payload, "time").server_time


def commission_rates_from_rest(payload: Any, symbol: str) -> tuple[Decimal, Decimal] | None:
    """(maker, taker) as fractions of notional; None for another symbol."""
    rates = load(CommissionRate, payload, "commissionRate")
    return (rates.maker, rates.taker) if rates.symbol == symbol else None


def leverage_from_rest(payload: Any, symbol: str) -> int | None:
    """POST /fapi/v1/leverage's answer; None for another symbol."""
    answer = load(SymbolLeverage, payload, "leverage")
    return answer.leverage if answer.symbol == symbol else None


def listen_key_from_rest(payload: Any) -> str:
    return load(ListenKey, payload, "listenKey").listen_key


def _kline(row: KlineRow, now: datetime) -> Kline:
    return Kline(
        open_time=row.open_time,
        close_time=row.close_time,
        open=row.open,
        high=row.high,
        low=row.low,
        close=row.close,
        volume=row.volume,
        closed=row.close_time < now,
    )


def _filter(filters: dict[str, Filter], name: str, symbol: str) -> Filter:
    if name not in filters:
        raise MalformedPayload(f"exchangeInfo {symbol}: filter {name} missing")
    return filters[name]


def _value(value: Decimal | None, found: Filter, wire: str, symbol: str) -> Decimal:
    if value is None:
        raise MalformedPayload(f"exchangeInfo {symbol}: {found.filter_type}.{wire} missing")
    return value
