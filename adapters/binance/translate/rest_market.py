"""Market and housekeeping responses: exchangeInfo, klines, premiumIndex, time, commissionRate, leverage, listenKey."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from adapters.binance.schemas.base import load, load_list
from adapters.binance.schemas.errors import MalformedPayload
from adapters.binance.schemas.rest_market import (
    KLINE_COLUMNS,
    CommissionRateSchema,
    ExchangeInfoSchema,
    KlineRowSchema,
    LeverageSchema,
    ListenKeySchema,
    PremiumIndexSchema,
    ServerTimeSchema,
    SymbolInfoSchema,
)
from adapters.binance.translate.errors import SymbolNotListed
from domain.reports import Kline, SymbolRules


@dataclass(frozen=True)
class MarkPrice:
    mark_price: Decimal
    next_funding_time: datetime
    time: datetime


def symbol_rules_from_rest(payload: Any, symbol: str) -> SymbolRules:
    """tickSize (PRICE_FILTER), stepSize/minQty/maxQty (LOT_SIZE), MARKET_LOT_SIZE step, MIN_NOTIONAL notional."""
    listed = load(ExchangeInfoSchema, payload, "exchangeInfo")["symbols"]
    raw = next((s for s in listed if isinstance(s, dict) and s.get("symbol") == symbol), None)
    if raw is None:
        raise SymbolNotListed(f"exchangeInfo: symbol {symbol} is not listed")
    filters = {f["filter_type"]: f for f in load(SymbolInfoSchema, raw, f"exchangeInfo {symbol}")["filters"]}
    price, lot = _filter(filters, "PRICE_FILTER", symbol), _filter(filters, "LOT_SIZE", symbol)
    market_lot = filters.get("MARKET_LOT_SIZE")
    return SymbolRules(
        symbol=symbol,
        tick_size=_value(price, "tick_size", "tickSize", symbol),
        step_size=_value(lot, "step_size", "stepSize", symbol),
        min_qty=_value(lot, "min_qty", "minQty", symbol),
        max_qty=_value(lot, "max_qty", "maxQty", symbol),
        min_notional=_value(_filter(filters, "MIN_NOTIONAL", symbol), "notional", "notional", symbol),
        market_step_size=market_lot["step_size"] if market_lot is not None else None,
    )


def klines_from_rest(payload: Any, now: datetime) -> list[Kline]:
    """Kline arrays, oldest first; a kline is closed once its close time is before `now` (the last one may be open)."""
    if not isinstance(payload, list):
        raise MalformedPayload(f"klines: expected a JSON array, got {type(payload).__name__}")
    rows = [_kline_row(row, index) for index, row in enumerate(payload)]
    return [_kline(row, now) for row in load_list(KlineRowSchema, rows, "klines")]


def mark_price_from_rest(payload: Any, symbol: str) -> MarkPrice | None:
    """premiumIndex with a symbol (an object) or without (an array); None when `symbol` is not in it."""
    rows = load_list(PremiumIndexSchema, payload if isinstance(payload, list) else [payload], "premiumIndex")
    row = next((r for r in rows if r["symbol"] == symbol), None)
    return MarkPrice(row["mark_price"], row["next_funding_time"], row["time"]) if row is not None else None


def server_time_from_rest(payload: Any) -> datetime:
    server_time: datetime = load(ServerTimeSchema, payload, "time")["server_time"]
    return server_time


def commission_rates_from_rest(payload: Any, symbol: str) -> tuple[Decimal, Decimal] | None:
    """(maker, taker) as fractions of notional; None for another symbol."""
    rates = load(CommissionRateSchema, payload, "commissionRate")
    return (rates["maker"], rates["taker"]) if rates["symbol"] == symbol else None


def leverage_from_rest(payload: Any, symbol: str) -> int | None:
    """POST /fapi/v1/leverage's answer; None for another symbol."""
    answer = load(LeverageSchema, payload, "leverage")
    return answer["leverage"] if answer["symbol"] == symbol else None


def listen_key_from_rest(payload: Any) -> str:
    listen_key: str = load(ListenKeySchema, payload, "listenKey")["listen_key"]
    return listen_key


def _kline(row: dict[str, Any], now: datetime) -> Kline:
    return Kline(
        open_time=row["open_time"],
        close_time=row["close_time"],
        open=row["open"],
        high=row["high"],
        low=row["low"],
        close=row["close"],
        volume=row["volume"],
        closed=row["close_time"] < now,
    )


def _kline_row(row: Any, index: int) -> dict[str, Any]:
    if not isinstance(row, list) or len(row) < len(KLINE_COLUMNS):
        raise MalformedPayload(f"klines[{index}]: expected an array of at least {len(KLINE_COLUMNS)} columns")
    return dict(zip(KLINE_COLUMNS, row, strict=False))  # Binance may append columns


def _filter(filters: dict[str, dict[str, Any]], name: str, symbol: str) -> dict[str, Any]:
    if name not in filters:
        raise MalformedPayload(f"exchangeInfo {symbol}: filter {name} missing")
    return filters[name]


def _value(found: dict[str, Any], key: str, wire: str, symbol: str) -> Decimal:
    value: Decimal | None = found[key]
    if value is None:
        raise MalformedPayload(f"exchangeInfo {symbol}: {found['filter_type']}.{wire} missing")
    return value
