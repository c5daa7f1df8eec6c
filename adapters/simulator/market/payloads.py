"""Binance's JSON shapes for the market data: /fapi/v1/klines rows, premiumIndex, aggTrades, ticker/24hr, the price
and book tickers, funding rate history, and the kline, continuous_kline, markPriceUpdate, aggTrade, bookTicker,
24hrTicker and 24hrMiniTicker stream events (keys and JSON types as the fixtures, the docs and the official SDK's
models show; a REST body and its stream event share one builder).

Prices and quantities keep the symbol's decimals (they are tick and lot multiples); mark, index and funding figures
carry eight decimals, as Binance prints them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from adapters.simulator.market.bars import SimKline
from adapters.simulator.market.events import PremiumIndex, PriceUpdate
from adapters.simulator.market.funding import FundingSettlement
from adapters.simulator.market.rolling_day import RollingDay
from domain.times import epoch_ms

_EIGHT = Decimal("0.00000001")
_STREAM_STATUS = 1  # `st` in the docs examples of markPriceUpdate, aggTrade and bookTicker
_MINI_TICKER_KEYS = ("E", "s", "c", "o", "h", "l", "v", "q", "ps", "st")


def _plain(value: Decimal) -> str:
    return format(value, "f")


def _eight(value: Decimal) -> str:
    return format(value.quantize(_EIGHT), "f")


def kline_row(kline: SimKline) -> list[Any]:
    """One /fapi/v1/klines array."""
    return [
        epoch_ms(kline.open_time),
        _plain(kline.open),
        _plain(kline.high),
        _plain(kline.low),
        _plain(kline.close),
        _plain(kline.volume),
        epoch_ms(kline.close_time),
        _plain(kline.quote_volume),
        kline.trades,
        _plain(kline.taker_buy_volume),
        _plain(kline.taker_buy_quote_volume),
        "0",
    ]


def kline_event(symbol: str, kline: SimKline, event_ms: int) -> dict[str, Any]:
    """One `<symbol>@kline_<interval>` stream event."""
    return {
        "e": "kline",
        "E": event_ms,
        "s": symbol,
        "k": {"t": epoch_ms(kline.open_time), **_kline_body(symbol, kline)},
    }


def continuous_kline_event(pair: str, kline: SimKline, event_ms: int) -> dict[str, Any]:
    """One `<pair>_perpetual@continuousKline_<interval>` stream event: the kline's bars, named by pair and contract
    type; its `k` has no symbol."""
    body = _kline_body(pair, kline)
    del body["s"]
    return {
        "e": "continuous_kline",
        "E": event_ms,
        "ps": pair,
        "ct": "PERPETUAL",
        "k": {"t": epoch_ms(kline.open_time), **body},
    }


def _kline_body(symbol: str, kline: SimKline) -> dict[str, Any]:
    return {
        "T": epoch_ms(kline.close_time),
        "s": symbol,
        "i": kline.interval,
        "f": kline.first_trade_id,
        "L": kline.last_trade_id,
        "o": _plain(kline.open),
        "c": _plain(kline.close),
        "h": _plain(kline.high),
        "l": _plain(kline.low),
        "v": _plain(kline.volume),
        "n": kline.trades,
        "x": kline.closed,
        "q": _plain(kline.quote_volume),
        "V": _plain(kline.taker_buy_volume),
        "Q": _plain(kline.taker_buy_quote_volume),
        "B": "0",
    }


def premium_index_body(symbol: str, premium: PremiumIndex) -> dict[str, Any]:
    """The GET /fapi/v1/premiumIndex?symbol= body."""
    return {
        "symbol": symbol,
        "markPrice": _eight(premium.mark_price),
        "indexPrice": _eight(premium.index_price),
        "estimatedSettlePrice": _eight(premium.estimated_settle_price),
        "lastFundingRate": _eight(premium.last_funding_rate),
        "nextFundingTime": epoch_ms(premium.next_funding_time),
        "interestRate": _eight(premium.interest_rate),
        "time": epoch_ms(premium.time),
    }


def mark_price_event(symbol: str, premium: PremiumIndex) -> dict[str, Any]:
    """One `<symbol>@markPrice` stream event (`ap`, the mark's moving average, is the mark itself here)."""
    return {
        "e": "markPriceUpdate",
        "E": epoch_ms(premium.time),
        "s": symbol,
        "p": _eight(premium.mark_price),
        "i": _eight(premium.index_price),
        "P": _eight(premium.estimated_settle_price),
        "r": _eight(premium.last_funding_rate),
        "ap": _eight(premium.mark_price),
        "T": epoch_ms(premium.next_funding_time),
        "st": _STREAM_STATUS,
    }


def agg_trade_row(update: PriceUpdate) -> dict[str, Any]:
    """One /fapi/v1/aggTrades row: the step's aggregate trade (`nq`, the quantity without RPI orders, is `q`)."""
    return {
        "a": update.agg_trade_id,
        "p": _plain(update.price),
        "q": _plain(update.quantity),
        "nq": _plain(update.quantity),
        "f": update.first_trade_id,
        "l": update.last_trade_id,
        "T": epoch_ms(update.time),
        "m": update.buyer_is_maker,
    }


def agg_trade_event(symbol: str, update: PriceUpdate) -> dict[str, Any]:
    """One `<symbol>@aggTrade` stream event: the REST row with the event's type, time and symbol."""
    return {"e": "aggTrade", "E": epoch_ms(update.time), "s": symbol, **agg_trade_row(update), "st": _STREAM_STATUS}


def book_ticker_event(symbol: str, update: PriceUpdate) -> dict[str, Any]:
    """One `<symbol>@bookTicker` stream event; the update id is the step's aggregate trade id."""
    moment = epoch_ms(update.time)
    bid_price, bid_qty, ask_price, ask_qty = _book_top(update)
    return {
        "e": "bookTicker",
        "u": update.agg_trade_id,
        "E": moment,
        "T": moment,
        "s": symbol,
        "ps": symbol,
        "b": bid_price,
        "B": bid_qty,
        "a": ask_price,
        "A": ask_qty,
        "st": _STREAM_STATUS,
    }


def ticker_body(symbol: str, day: RollingDay) -> dict[str, Any]:
    """One GET /fapi/v1/ticker/24hr entry."""
    return {
        "symbol": symbol,
        "priceChange": _plain(day.price_change),
        "priceChangePercent": _plain(day.price_change_percent),
        "weightedAvgPrice": _plain(day.weighted_average),
        "lastPrice": _plain(day.close),
        "lastQty": _plain(day.last_quantity),
        "openPrice": _plain(day.open),
        "highPrice": _plain(day.high),
        "lowPrice": _plain(day.low),
        "volume": _plain(day.volume),
        "quoteVolume": _plain(day.quote_volume),
        "openTime": epoch_ms(day.open_time),
        "closeTime": epoch_ms(day.close_time),
        "firstId": day.first_trade_id,
        "lastId": day.last_trade_id,
        "count": day.trades,
    }


def ticker_event(symbol: str, day: RollingDay) -> dict[str, Any]:
    """One `<symbol>@ticker` stream event (24hrTicker), stamped at the end of its 24 hours."""
    return {
        "e": "24hrTicker",
        "E": epoch_ms(day.close_time),
        "s": symbol,
        "p": _plain(day.price_change),
        "P": _plain(day.price_change_percent),
        "w": _plain(day.weighted_average),
        "c": _plain(day.close),
        "Q": _plain(day.last_quantity),
        "o": _plain(day.open),
        "h": _plain(day.high),
        "l": _plain(day.low),
        "v": _plain(day.volume),
        "q": _plain(day.quote_volume),
        "O": epoch_ms(day.open_time),
        "C": epoch_ms(day.close_time),
        "F": day.first_trade_id,
        "L": day.last_trade_id,
        "n": day.trades,
        "ps": symbol,
        "st": _STREAM_STATUS,
    }


def mini_ticker_event(symbol: str, day: RollingDay) -> dict[str, Any]:
    """One `<symbol>@miniTicker` stream event (24hrMiniTicker): the 24hrTicker's prices and volumes."""
    full = ticker_event(symbol, day)
    return {"e": "24hrMiniTicker", **{key: full[key] for key in _MINI_TICKER_KEYS}}


def book_ticker_body(symbol: str, update: PriceUpdate) -> dict[str, Any]:
    """The GET /fapi/v1/ticker/bookTicker body: the book top the last @bookTicker event showed."""
    bid_price, bid_qty, ask_price, ask_qty = _book_top(update)
    return {
        "symbol": symbol,
        "bidPrice": bid_price,
        "bidQty": bid_qty,
        "askPrice": ask_price,
        "askQty": ask_qty,
        "time": epoch_ms(update.time),
    }


def price_ticker_body(symbol: str, update: PriceUpdate) -> dict[str, Any]:
    """The GET /fapi/v1|v2/ticker/price body: the last trade's price and time."""
    return {"symbol": symbol, "price": _plain(update.price), "time": epoch_ms(update.time)}


def funding_rate_row(symbol: str, settlement: FundingSettlement) -> dict[str, Any]:
    """One /fapi/v1/fundingRate row: the rate settled at `fundingTime` and the mark it settled at."""
    return {
        "symbol": symbol,
        "fundingRate": _eight(settlement.rate),
        "fundingTime": epoch_ms(settlement.time),
        "markPrice": _eight(settlement.mark_price),
    }


def funding_info_row(symbol: str, hours: int, floor: Decimal, cap: Decimal) -> dict[str, Any]:
    """One /fapi/v1/fundingInfo row: a symbol whose funding interval or rate bounds differ from the default."""
    return {
        "symbol": symbol,
        "adjustedFundingRateCap": _eight(cap),
        "adjustedFundingRateFloor": _eight(floor),
        "fundingIntervalHours": hours,
        "disclaimer": False,
    }


def _book_top(update: PriceUpdate) -> tuple[str, str, str, str]:
    return _plain(update.bid_price), _plain(update.bid_quantity), _plain(update.ask_price), _plain(update.ask_quantity)
