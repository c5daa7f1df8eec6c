"""Public market-data endpoints: ping, time, exchangeInfo, klines, premiumIndex, ticker/24hr."""

from __future__ import annotations

from typing import Any

from adapters.simulator.errors import SimError, invalid_param
from adapters.simulator.market.klines import DEFAULT_LIMIT
from adapters.simulator.market.payloads import kline_row, premium_index_body, ticker_body
from adapters.simulator.server.call import Call, Handler
from adapters.simulator.server.params import int_or, optional_int, required
from adapters.simulator.server.reference import exchange_info_body
from adapters.simulator.wire.millis import server_time_ms
from domain.times import from_epoch_ms

MAX_KLINES = 1500


def ping(call: Call) -> Any:
    return {}


def server_time(call: Call) -> Any:
    return {"serverTime": server_time_ms(call.simulation.clock)}


def exchange_info(call: Call) -> Any:
    simulation = call.simulation
    return exchange_info_body(simulation.engine.symbols, server_time_ms(simulation.clock), call.limits)


def klines(call: Call) -> Any:
    return kline_rows(call, required(call.params, "symbol"))


def kline_rows(call: Call, symbol: str) -> list[list[Any]]:
    """The klines of `symbol` by the request's interval, startTime, endTime and limit (also continuousKlines')."""
    simulation = call.simulation
    _known_symbol(call, symbol)
    interval = required(call.params, "interval")
    limit = int_or(call.params, "limit", DEFAULT_LIMIT)
    if not 1 <= limit <= MAX_KLINES:
        raise SimError(invalid_param("limit"))
    start, end = optional_int(call.params, "startTime"), optional_int(call.params, "endTime")
    try:
        rows = simulation.market.klines(
            interval,
            None if start is None else from_epoch_ms(start),
            None if end is None else from_epoch_ms(end),
            limit,
        )
    except ValueError:
        raise SimError(invalid_param("interval")) from None
    return [kline_row(row) for row in rows]


def premium_index(call: Call) -> Any:
    simulation = call.simulation
    symbol = call.params.get("symbol")
    body = premium_index_body(simulation.symbol, simulation.market.premium_index())
    if symbol is None:
        return [body]
    _known_symbol(call, symbol)
    return body


def ticker_24hr(call: Call) -> Any:
    """The rolling 24 hours of the one symbol: an object with `symbol`, a list of one without (as for all symbols)."""
    simulation = call.simulation
    symbol = call.params.get("symbol")
    if symbol is not None:
        _known_symbol(call, symbol)
    body = ticker_body(simulation.symbol, simulation.market.rolling_day())
    return [body] if symbol is None else body


def _known_symbol(call: Call, symbol: str) -> None:
    # The market serves the simulation's one symbol; the engine names any other -1121
    call.simulation.engine.spec(symbol)


MARKET_ROUTES: dict[tuple[str, str], Handler] = {
    ("GET", "/fapi/v1/ping"): ping,
    ("GET", "/fapi/v1/time"): server_time,
    ("GET", "/fapi/v1/exchangeInfo"): exchange_info,
    ("GET", "/fapi/v1/klines"): klines,
    ("GET", "/fapi/v1/premiumIndex"): premium_index,
    ("GET", "/fapi/v1/ticker/24hr"): ticker_24hr,
}
