"""Order endpoints: place, query, query open, cancel, open/all orders, cancel all, userTrades."""

from __future__ import annotations

from typing import Any

from adapters.simulator.errors import POSITION_SIDE_MISMATCH, SimError, invalid_param
from adapters.simulator.server.bodies import ack_body, cancel_body, history_order_body, order_body, trade_body
from adapters.simulator.server.call import Call, Handler
from adapters.simulator.server.params import flag, int_or, optional_decimal, optional_int, required

CANCEL_ALL_BODY = {"code": 200, "msg": "The operation of cancel all open order is done."}


def new_order(call: Call) -> Any:
    params, engine = call.params, call.simulation.engine
    symbol = required(params, "symbol")
    if params.get("positionSide", "BOTH") != "BOTH":
        raise SimError(POSITION_SIDE_MISMATCH)
    response_type = params.get("newOrderRespType", "ACK")
    if response_type not in ("ACK", "RESULT"):
        raise SimError(invalid_param("newOrderRespType"))
    order = engine.place_order(
        symbol,
        required(params, "side"),
        required(params, "type"),
        optional_decimal(params, "quantity"),
        price=optional_decimal(params, "price"),
        time_in_force=params.get("timeInForce"),
        reduce_only=flag(params, "reduceOnly"),
        new_client_order_id=params.get("newClientOrderId"),
    )
    spec = engine.spec(symbol)
    return order_body(order, spec) if response_type == "RESULT" else ack_body(order, spec)


def query_order(call: Call) -> Any:
    symbol, order_id, client_id = _order_ref(call)
    engine = call.simulation.engine
    return order_body(engine.query_order(symbol, order_id, client_id), engine.spec(symbol))


def query_open_order(call: Call) -> Any:
    """An order still open; a filled, cancelled or expired one is -2013 (Order does not exist.)."""
    symbol, order_id, client_id = _order_ref(call)
    engine = call.simulation.engine
    return order_body(engine.query_open_order(symbol, order_id, client_id), engine.spec(symbol))


def cancel_order(call: Call) -> Any:
    symbol, order_id, client_id = _order_ref(call)
    engine = call.simulation.engine
    return cancel_body(engine.cancel_order(symbol, order_id, client_id), engine.spec(symbol))


def open_orders(call: Call) -> Any:
    engine = call.simulation.engine
    return [order_body(order, engine.spec(order.symbol)) for order in engine.open_orders(call.params.get("symbol"))]


def all_orders(call: Call) -> Any:
    params, engine = call.params, call.simulation.engine
    symbol = required(params, "symbol")
    orders = engine.all_orders(
        symbol,
        optional_int(params, "orderId"),
        optional_int(params, "startTime"),
        optional_int(params, "endTime"),
        int_or(params, "limit", 500),
    )
    return [history_order_body(order, engine.spec(symbol)) for order in orders]


def cancel_all(call: Call) -> Any:
    call.simulation.engine.cancel_all(required(call.params, "symbol"))
    return dict(CANCEL_ALL_BODY)


def user_trades(call: Call) -> Any:
    params, engine = call.params, call.simulation.engine
    symbol = required(params, "symbol")
    trades = engine.user_trades(
        symbol,
        optional_int(params, "orderId"),
        optional_int(params, "startTime"),
        optional_int(params, "endTime"),
        optional_int(params, "fromId"),
        int_or(params, "limit", 500),
    )
    return [trade_body(trade, engine.spec(symbol)) for trade in trades]


def _order_ref(call: Call) -> tuple[str, int | None, str | None]:
    params = call.params
    return required(params, "symbol"), optional_int(params, "orderId"), params.get("origClientOrderId") or None


ORDER_ROUTES: dict[tuple[str, str], Handler] = {
    ("POST", "/fapi/v1/order"): new_order,
    ("GET", "/fapi/v1/order"): query_order,
    ("DELETE", "/fapi/v1/order"): cancel_order,
    ("GET", "/fapi/v1/openOrder"): query_open_order,
    ("GET", "/fapi/v1/openOrders"): open_orders,
    ("GET", "/fapi/v1/allOrders"): all_orders,
    ("DELETE", "/fapi/v1/allOpenOrders"): cancel_all,
    ("GET", "/fapi/v1/userTrades"): user_trades,
}
