"""Public market history the simulation holds: funding rate history and info, aggregate trades, continuous klines."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from adapters.simulator.errors import SimError, invalid_param
from adapters.simulator.market.funding import EIGHT_HOURS
from adapters.simulator.market.payloads import agg_trade_row, funding_info_row, funding_rate_row
from adapters.simulator.server.call import Call, Handler
from adapters.simulator.server.market_routes import kline_rows
from adapters.simulator.server.params import int_or, optional_int, required

FUNDING_DEFAULT_LIMIT, FUNDING_MAX_LIMIT = 100, 1000
AGG_TRADES_DEFAULT_LIMIT, AGG_TRADES_MAX_LIMIT = 500, 1000


def funding_rate(call: Call) -> Any:
    """Every settlement of the simulation's funding schedule since the market's origin; another symbol has none."""
    simulation, params = call.simulation, call.params
    limit = _bounded_limit(call, FUNDING_DEFAULT_LIMIT, FUNDING_MAX_LIMIT)
    symbol = params.get("symbol") or simulation.symbol
    simulation.engine.spec(symbol)
    settlements = simulation.market.funding_history(
        optional_int(params, "startTime"), optional_int(params, "endTime"), limit
    )
    return [funding_rate_row(symbol, settlement) for settlement in settlements]


def funding_info(call: Call) -> Any:
    """Binance lists only symbols whose funding was adjusted: none on the default 8-hour schedule, the simulated
    symbol on another whole number of hours; a schedule of minutes (a library option of tests) has no such row."""
    simulation = call.simulation
    schedule = simulation.market.funding_schedule
    hours, rest = divmod(schedule.interval, timedelta(hours=1))
    if schedule.interval == EIGHT_HOURS or rest or not hours:
        return []
    return [funding_info_row(simulation.symbol, hours, *schedule.rate_bounds)]


def agg_trades(call: Call) -> Any:
    simulation, params = call.simulation, call.params
    simulation.engine.spec(required(params, "symbol"))
    limit = _bounded_limit(call, AGG_TRADES_DEFAULT_LIMIT, AGG_TRADES_MAX_LIMIT)
    updates = simulation.market.agg_trades(
        optional_int(params, "fromId"), optional_int(params, "startTime"), optional_int(params, "endTime"), limit
    )
    return [agg_trade_row(update) for update in updates]


def continuous_klines(call: Call) -> Any:
    """The perpetual's klines: its pair is its symbol; the simulator lists no delivery contracts."""
    if required(call.params, "contractType") != "PERPETUAL":
        raise SimError(invalid_param("contractType"))
    return kline_rows(call, required(call.params, "pair"))


def _bounded_limit(call: Call, default: int, maximum: int) -> int:
    limit = int_or(call.params, "limit", default)
    if not 1 <= limit <= maximum:
        raise SimError(invalid_param("limit"))
    return limit


HISTORY_ROUTES: dict[tuple[str, str], Handler] = {
    ("GET", "/fapi/v1/fundingRate"): funding_rate,
    ("GET", "/fapi/v1/fundingInfo"): funding_info,
    ("GET", "/fapi/v1/aggTrades"): agg_trades,
    ("GET", "/fapi/v1/continuousKlines"): continuous_klines,
}
