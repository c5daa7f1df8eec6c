"""/fapi/v1/exchangeInfo: the symbol list, read raw, then the configured symbol's filters."""

from __future__ import annotations

from typing import Any

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Grid


class Filter(Message, frozen=True, kw_only=True):
    """One filter; grid sizes keep their exponent ("0.10") because it tells how to print a price."""

    filter_type: str = field(name="filterType")
    tick_size: Grid | None = field(default=None, name="tickSize")
    step_size: Grid | None = field(default=None, name="stepSize")
    min_qty: Grid | None = field(default=None, name="minQty")
    max_qty: Grid | None = field(default=None, name="maxQty")
    notional: Grid | None = field(default=None, name="notional")


class SymbolInfo(Message, frozen=True, kw_only=True):
    symbol: str = field(name="symbol")
    filters: tuple[Filter, ...] = field(name="filters")


class ExchangeInfo(Message, frozen=True, kw_only=True):
    """Only the configured symbol's entry is read further: another symbol's odd entry must not refuse the whole list."""

    symbols: tuple[Any, ...] = field(name="symbols")
