"""Binance rejections as the engine raises them: code, exact message, HTTP status (API.md §10, fixtures/error_*)."""

from __future__ import annotations

from decimal import Decimal


class SimError(Exception):
    """A request the exchange refuses; the wire layer turns it into `{"code": …, "msg": …}` with `http_status`."""

    def __init__(self, code: int, msg: str, http_status: int = 400) -> None:
        super().__init__(f"{code}: {msg}")
        self.code = code
        self.msg = msg
        self.http_status = http_status

    def body(self) -> dict[str, int | str]:
        return {"code": self.code, "msg": self.msg}


def mandatory_param(name: str) -> SimError:
    return SimError(-1102, f"Mandatory parameter '{name}' was not sent, was empty/null, or malformed.")


def param_not_required(name: str) -> SimError:
    return SimError(-1106, f"Parameter '{name}' sent when not required.")


def bad_precision() -> SimError:
    return SimError(-1111, "Precision is over the maximum defined for this asset.")


def invalid_tif() -> SimError:
    return SimError(-1115, "Invalid timeInForce.")


def invalid_order_type() -> SimError:
    return SimError(-1116, "Invalid orderType.")


def invalid_side() -> SimError:
    return SimError(-1117, "Invalid side.")


def invalid_symbol() -> SimError:
    return SimError(-1121, "Invalid symbol.")


def unknown_order_sent() -> SimError:
    return SimError(-2011, "Unknown order sent.")


def order_does_not_exist() -> SimError:
    return SimError(-2013, "Order does not exist.")


def margin_insufficient() -> SimError:
    return SimError(-2019, "Margin is insufficient.")


def would_immediately_trigger() -> SimError:
    return SimError(-2021, "Order would immediately trigger.")


def reduce_only_rejected() -> SimError:
    return SimError(-2022, "ReduceOnly Order is rejected.")


def max_open_orders() -> SimError:
    return SimError(-2025, "Reach max open order limit.")


def price_not_positive() -> SimError:
    return SimError(-4001, "Price less than 0.")


def price_above_max() -> SimError:
    return SimError(-4002, "Price greater than max price.")


def quantity_not_positive() -> SimError:
    # The docs say "Quantity less than zero."; real responses (issue conor19w/binance-futures-trading-bot#52) say this
    return SimError(-4003, "Quantity less than or equal to zero.")


def quantity_below_min() -> SimError:
    return SimError(-4004, "Quantity less than min quantity.")


def quantity_above_max() -> SimError:
    return SimError(-4005, "Quantity greater than max quantity.")


def price_below_min() -> SimError:
    return SimError(-4013, "Price less than min price.")


def price_not_on_tick() -> SimError:
    return SimError(-4014, "Price not increased by tick size.")


def invalid_client_id() -> SimError:
    return SimError(-4015, "Client order id is not valid.")


def quantity_not_on_step() -> SimError:
    return SimError(-4023, "Qty not increased by step size.")


def invalid_leverage(leverage: int) -> SimError:
    return SimError(-4028, f"Leverage {leverage} is not valid")


def invalid_working_type(value: str) -> SimError:
    return SimError(-4031, f"Invalid parameter working type: {value}")


def max_algo_orders() -> SimError:
    return SimError(-4045, "Reach max stop order limit.")


def duplicate_client_id() -> SimError:
    return SimError(-4116, "ClientOrderId is duplicated.")


def use_algo_api() -> SimError:
    return SimError(-4120, "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.")


def quantity_with_close_position() -> SimError:
    return SimError(-4137, "Quantity must be zero with closePosition equals true")


def min_notional(notional: Decimal) -> SimError:
    return SimError(-4164, f"Order's notional must be no smaller than {_plain(notional)} (unless you choose reduce only).")


def fok_rejected() -> SimError:
    return SimError(-5021, "Due to the order could not be filled immediately, the FOK order has been rejected.")


def gtx_rejected() -> SimError:
    return SimError(-5022, "Due to the order could not be executed as maker, the Post Only order will be rejected.")


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def invalid_parameter(name: str) -> SimError:
    return SimError(-1130, f"Data sent for parameter '{name}' is not valid.")
