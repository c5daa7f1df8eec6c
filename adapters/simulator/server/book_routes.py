"""Public book endpoints: the order book (depth) and the price and book tickers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from adapters.simulator.errors import SimError, invalid_param
from adapters.simulator.exchange.book import Level
from adapters.simulator.market.events import PriceUpdate
from adapters.simulator.market.payloads import book_ticker_body, price_ticker_body
from adapters.simulator.server.bodies import precision
from adapters.simulator.server.call import Call, Handler
from adapters.simulator.server.params import int_or, required
from adapters.simulator.wire.field_formats import format_field
from adapters.simulator.wire.millis import server_time_ms
from adapters.simulator.wire.numbers import SymbolPrecision
from adapters.simulator.wire.weights import DEPTH_DEFAULT_LIMIT
from domain.times import epoch_ms

DEPTH_LIMITS = (5, 10, 20, 50, 100, 500, 1000)


def depth(call: Call) -> Any:
    """The synthetic book the engine fills orders from, best first; it holds fewer levels than a deep `limit`."""
    simulation = call.simulation
    symbol = required(call.params, "symbol")
    spec = simulation.engine.spec(symbol)
    limit = int_or(call.params, "limit", DEPTH_DEFAULT_LIMIT)
    if limit not in DEPTH_LIMITS:
        raise SimError(invalid_param("limit"))
    bids, asks = simulation.engine.depth(symbol)
    update = simulation.market.price_update()
    return {
        # The book moves with the step: its update id is the step's, as the @bookTicker stream's `u`
        "lastUpdateId": update.agg_trade_id,
        "E": server_time_ms(simulation.clock),
        "T": epoch_ms(update.time),
        "bids": _levels(bids[:limit], precision(spec)),
        "asks": _levels(asks[:limit], precision(spec)),
    }


def price_ticker(call: Call) -> Any:
    return _per_symbol(call, price_ticker_body)


def book_ticker(call: Call) -> Any:
    return _per_symbol(call, book_ticker_body)


def _per_symbol(call: Call, body: Callable[[str, PriceUpdate], dict[str, Any]]) -> Any:
    """One object for `symbol`, else a list with every symbol (the simulation's one)."""
    simulation = call.simulation
    symbol = call.params.get("symbol")
    if symbol is None:
        return [body(simulation.symbol, simulation.market.price_update())]
    simulation.engine.spec(symbol)
    return body(symbol, simulation.market.price_update())


def _levels(levels: tuple[Level, ...], p: SymbolPrecision) -> list[list[str]]:
    return [
        [format_field("rest.depth", "price", level.price, p), format_field("rest.depth", "qty", level.qty, p)]
        for level in levels
    ]


BOOK_ROUTES: dict[tuple[str, str], Handler] = {
    ("GET", "/fapi/v1/depth"): depth,
    ("GET", "/fapi/v1/ticker/price"): price_ticker,
    ("GET", "/fapi/v2/ticker/price"): price_ticker,
    ("GET", "/fapi/v1/ticker/bookTicker"): book_ticker,
}
