"""OrderRequest → the parameters of POST /fapi/v1/order (LIMIT, MARKET) or POST /fapi/v1/algoOrder (conditional)."""

from __future__ import annotations

from decimal import Decimal

from domain.order_request import OrderRequest

TRUE = "true"


def wire_decimal(value: Decimal) -> str:
    """Plain positional notation: Binance refuses exponents ("1E+1") and Python floats never get this far."""
    if not value.is_finite():
        raise ValueError(f"cannot send the non-finite amount {value!r}")
    return format(value, "f")


def order_params(request: OrderRequest) -> dict[str, str | None]:
    """RESULT responses carry the final state of MARKET and IOC/FOK/GTX orders (API.md §5)."""
    if request.close_position:
        raise ValueError(
            f"order {request.client_order_id}: closePosition exists only on conditional orders, "
            f"not on {request.order_type.value}"
        )
    return {
        "symbol": request.symbol,
        "side": request.side.value,
        "type": request.order_type.value,
        "quantity": wire_decimal(request.quantity),
        "price": None if request.price is None else wire_decimal(request.price),
        "timeInForce": None if request.time_in_force is None else request.time_in_force.value,
        "reduceOnly": TRUE if request.reduce_only else None,
        "newClientOrderId": request.client_order_id,
        "newOrderRespType": "RESULT",
    }


def algo_params(request: OrderRequest) -> dict[str, str | None]:
    """algoType=CONDITIONAL with triggerPrice and clientAlgoId; closePosition excludes quantity and reduceOnly."""
    if request.trigger_price is None:
        raise ValueError(f"order {request.client_order_id}: a {request.order_type.value} order needs a trigger price")
    closing = request.close_position
    return {
        "algoType": "CONDITIONAL",
        "symbol": request.symbol,
        "side": request.side.value,
        "type": request.order_type.value,
        "triggerPrice": wire_decimal(request.trigger_price),
        "quantity": None if closing else wire_decimal(request.quantity),
        "price": None if request.price is None else wire_decimal(request.price),
        "timeInForce": None if request.time_in_force is None else request.time_in_force.value,
        "closePosition": TRUE if closing else None,
        "reduceOnly": TRUE if request.reduce_only and not closing else None,
        "clientAlgoId": request.client_order_id,
    }
