"""Algo (conditional) order endpoints: place, query, cancel, open and all algo orders, cancel all algo orders."""

from __future__ import annotations

from typing import Any

from adapters.simulator.errors import POSITION_SIDE_MISMATCH, SimError, invalid_param
from adapters.simulator.exchange.orders import AlgoOrder
from adapters.simulator.exchange.symbols import SymbolSpec
from adapters.simulator.server.bodies import precision
from adapters.simulator.server.call import Call, Handler
from adapters.simulator.server.params import flag, int_or, optional_decimal, optional_int, required
from adapters.simulator.wire.numbers import Kind, wire_decimal

CANCEL_ALL_BODY = {"code": 200, "msg": "The operation of cancel all open order is done."}


def algo_body(algo: AlgoOrder, spec: SymbolSpec) -> dict[str, Any]:
    """POST /fapi/v1/algoOrder (rest_algo_order_new_docs_example)."""
    p = precision(spec)
    return {
        "algoId": algo.algo_id,
        "clientAlgoId": algo.client_algo_id,
        "algoType": algo.algo_type,
        "orderType": algo.order_type.value,
        "symbol": algo.symbol,
        "side": algo.side.value,
        "positionSide": algo.position_side,
        "timeInForce": algo.time_in_force.value,
        "quantity": wire_decimal(algo.quantity, Kind.QUANTITY, p),
        "algoStatus": algo.status.value,
        "triggerPrice": wire_decimal(algo.trigger_price, Kind.PRICE, p),
        "price": wire_decimal(algo.price, Kind.PRICE, p),
        "icebergQuantity": "None",
        "selfTradePreventionMode": algo.self_trade_prevention,
        "workingType": algo.working_type.value,
        "priceMatch": algo.price_match,
        "closePosition": algo.close_position,
        "priceProtect": algo.price_protect,
        "reduceOnly": algo.reduce_only,
        "activatePrice": "",
        "callbackRate": "",
        "createTime": algo.create_time,
        "updateTime": algo.update_time,
        "triggerTime": algo.trigger_time,
        "goodTillDate": algo.good_till_date,
    }


def algo_query_body(algo: AlgoOrder, spec: SymbolSpec) -> dict[str, Any]:
    """GET algoOrder and openAlgoOrders rows (rest_open_algo_orders_docs_example)."""
    p = precision(spec)
    zero_price = wire_decimal(0, Kind.PRICE, p)
    body = algo_body(algo, spec)
    del body["activatePrice"], body["callbackRate"]
    body.update(
        actualOrderId="" if algo.actual_order_id is None else str(algo.actual_order_id),
        actualPrice=wire_decimal(algo.actual_price, Kind.QUOTE, p),
        tpTriggerPrice=zero_price,
        tpPrice=zero_price,
        slTriggerPrice=zero_price,
        slPrice=zero_price,
        tpOrderType="",
    )
    return body


def new_algo(call: Call) -> Any:
    params, engine = call.params, call.simulation.engine
    if required(params, "algoType") != "CONDITIONAL":
        raise SimError(invalid_param("algoType"))
    if params.get("positionSide", "BOTH") != "BOTH":
        raise SimError(POSITION_SIDE_MISMATCH)
    symbol = required(params, "symbol")
    algo = engine.place_algo_order(
        symbol,
        required(params, "side"),
        required(params, "type"),
        optional_decimal(params, "triggerPrice"),
        quantity=optional_decimal(params, "quantity"),
        close_position=flag(params, "closePosition"),
        reduce_only=flag(params, "reduceOnly"),
        working_type=params.get("workingType"),
        client_algo_id=params.get("clientAlgoId"),
        price_protect=flag(params, "priceProtect"),
    )
    return algo_body(algo, engine.spec(symbol))


def query_algo(call: Call) -> Any:
    engine = call.simulation.engine
    algo = engine.query_algo(optional_int(call.params, "algoId"), call.params.get("clientAlgoId") or None)
    return algo_query_body(algo, engine.spec(algo.symbol))


def cancel_algo(call: Call) -> Any:
    algo = call.simulation.engine.cancel_algo(
        optional_int(call.params, "algoId"), call.params.get("clientAlgoId") or None
    )
    return {"algoId": algo.algo_id, "clientAlgoId": algo.client_algo_id, "code": "200", "msg": "success"}


def open_algos(call: Call) -> Any:
    engine = call.simulation.engine
    algos = engine.open_algo_orders(call.params.get("symbol") or None)
    return [algo_query_body(algo, engine.spec(algo.symbol)) for algo in algos]


def all_algos(call: Call) -> Any:
    params, engine = call.params, call.simulation.engine
    symbol = required(params, "symbol")
    algos = engine.all_algo_orders(
        symbol,
        optional_int(params, "algoId"),
        optional_int(params, "startTime"),
        optional_int(params, "endTime"),
        int_or(params, "page", 1),
        int_or(params, "limit", 500),
    )
    return [algo_query_body(algo, engine.spec(symbol)) for algo in algos]


def cancel_all_algos(call: Call) -> Any:
    call.simulation.engine.cancel_all_algo(required(call.params, "symbol"))
    return dict(CANCEL_ALL_BODY)


ALGO_ROUTES: dict[tuple[str, str], Handler] = {
    ("POST", "/fapi/v1/algoOrder"): new_algo,
    ("GET", "/fapi/v1/algoOrder"): query_algo,
    ("DELETE", "/fapi/v1/algoOrder"): cancel_algo,
    ("GET", "/fapi/v1/openAlgoOrders"): open_algos,
    ("GET", "/fapi/v1/allAlgoOrders"): all_algos,
    ("DELETE", "/fapi/v1/algoOpenOrders"): cancel_all_algos,
}
