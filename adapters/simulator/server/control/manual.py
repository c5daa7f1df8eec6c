"""Orders "by hand": what the account owner does in Binance's own app, so the bot must see them as external."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.simulator.server.algo_routes import algo_body
from adapters.simulator.server.bodies import cancel_body, order_body
from adapters.simulator.server.control.errors import ControlError
from adapters.simulator.server.control.fields import decimal, flag, only, required_text, text
from adapters.simulator.simulation import Simulation

ORDER_FIELDS = (
    "symbol",
    "side",
    "type",
    "quantity",
    "price",
    "timeInForce",
    "reduceOnly",
    "triggerPrice",
    "closePosition",
    "workingType",
)
CONDITIONAL = ("STOP_MARKET", "TAKE_PROFIT_MARKET")


def place_by_hand(simulation: Simulation, body: Mapping[str, Any]) -> dict[str, Any]:
    """A MARKET/LIMIT order, or a STOP_MARKET/TAKE_PROFIT_MARKET through the algo service, with an app-style
    client id ("web_…"); engine rejections come back as SimError."""
    only(body, ORDER_FIELDS)
    engine = simulation.engine
    symbol = text(body, "symbol", simulation.symbol) or simulation.symbol
    side, order_type = required_text(body, "side"), required_text(body, "type")
    if order_type in CONDITIONAL:
        algo = engine.place_algo_order(
            symbol,
            side,
            order_type,
            decimal(body, "triggerPrice"),
            quantity=decimal(body, "quantity"),
            close_position=flag(body, "closePosition"),
            reduce_only=flag(body, "reduceOnly"),
            working_type=text(body, "workingType"),
            by_hand=True,
        )
        return {**algo_body(algo, engine.spec(symbol)), "byHand": True}
    order = engine.place_order(
        symbol,
        side,
        order_type,
        decimal(body, "quantity"),
        price=decimal(body, "price"),
        time_in_force=text(body, "timeInForce"),
        reduce_only=flag(body, "reduceOnly"),
        by_hand=True,
    )
    return {**order_body(order, engine.spec(symbol)), "byHand": True}


def cancel_by_hand(simulation: Simulation, order_id: int) -> dict[str, Any]:
    """Cancel a regular or algo order by its id, whoever placed it; a closed one is Binance's -2011."""
    engine = simulation.engine
    order = next((order for order in engine.oracle.orders if order.order_id == order_id), None)
    if order is not None:
        return cancel_body(engine.cancel_order(order.symbol, order_id), engine.spec(order.symbol))
    if any(algo.algo_id == order_id for algo in engine.oracle.algo_orders):
        algo = engine.cancel_algo(algo_id=order_id)
        return algo_body(algo, engine.spec(algo.symbol))
    raise ControlError(404, f"no order or algo order has id {order_id}")
