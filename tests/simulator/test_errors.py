"""The error catalog: the exact bodies, messages and HTTP statuses the simulator answers with, each defined once."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from adapters.simulator import errors
from adapters.simulator.errors import BinanceError, SimError
from tests.harness.binance_fixtures import load_fixture

FIXTURE_ERRORS = [
    ("error_-1021_timestamp_outside_recvwindow.json", errors.TIMESTAMP_OUTSIDE_RECV_WINDOW),
    ("error_-1106_reduceonly_not_required_reconstructed.json", errors.param_not_required("reduceOnly")),
    ("error_-1111_precision.json", errors.BAD_PRECISION),
    ("error_-2011_unknown_order_sent_reconstructed.json", errors.UNKNOWN_ORDER_SENT),
    ("error_-2013_order_does_not_exist.json", errors.ORDER_DOES_NOT_EXIST),
    ("error_-2019_margin_insufficient.json", errors.MARGIN_INSUFFICIENT),
    ("error_-4046_no_need_to_change_margin_type_reconstructed.json", errors.NO_NEED_TO_CHANGE_MARGIN_TYPE),
    ("error_-4061_position_side_mismatch.json", errors.POSITION_SIDE_MISMATCH),
    ("error_-4116_duplicate_client_order_id.json", errors.DUPLICATE_CLIENT_ORDER_ID),
    ("error_-4120_conditional_order_requires_algo_api.json", errors.ALGO_ORDER_TYPE_REQUIRED),
    ("error_-4164_min_notional_reconstructed.json", errors.min_notional(Decimal("100"))),
]

DOCUMENTED_MESSAGES = {
    errors.UNKNOWN: "An unknown error occured while processing the request.",
    errors.UNEXPECTED_RESPONSE: "An unexpected response was received from the message bus. Execution status unknown.",
    errors.TIMEOUT: "Timeout waiting for response from backend server. Send status unknown; execution status unknown.",
    errors.THROTTLED: "Request throttled by system-level protection. Reduce-only/close-position orders are exempt. "
    "Please try again.",
    errors.INVALID_SIGNATURE: "Signature for this request is not valid.",
    errors.DUPLICATE_PARAMETER: "Duplicate values for a parameter detected.",
    errors.INVALID_TIME_IN_FORCE: "Invalid timeInForce.",
    errors.INVALID_ORDER_TYPE: "Invalid orderType.",
    errors.INVALID_SIDE: "Invalid side.",
    errors.INVALID_SYMBOL: "Invalid symbol.",
    errors.INVALID_LISTEN_KEY: "This listenKey does not exist.",
    errors.API_KEY_FORMAT_INVALID: "API-key format invalid.",
    errors.ORDER_WOULD_IMMEDIATELY_TRIGGER: "Order would immediately trigger.",
    errors.REDUCE_ONLY_REJECTED: "ReduceOnly Order is rejected.",
    errors.MAX_OPEN_ORDERS: "Reach max open order limit.",
    errors.PRICE_LESS_THAN_ZERO: "Price less than 0.",
    errors.PRICE_GREATER_THAN_MAX: "Price greater than max price.",
    errors.QUANTITY_LESS_THAN_ZERO: "Quantity less than or equal to zero.",
    errors.QUANTITY_LESS_THAN_MIN: "Quantity less than min quantity.",
    errors.QUANTITY_GREATER_THAN_MAX: "Quantity greater than max quantity.",
    errors.PRICE_LESS_THAN_MIN: "Price less than min price.",
    errors.PRICE_NOT_MULTIPLE_OF_TICK: "Price not increased by tick size.",
    errors.CLIENT_ORDER_ID_INVALID: "Client order id is not valid.",
    errors.QUANTITY_NOT_MULTIPLE_OF_STEP: "Qty not increased by step size.",
    errors.MAX_STOP_ORDERS: "Reach max stop order limit.",
    errors.QUANTITY_WITH_CLOSE_POSITION: "Quantity must be zero with closePosition equals true",
    errors.FOK_REJECTED: "Due to the order could not be filled immediately, the FOK order has been rejected.",
    errors.POST_ONLY_REJECTED: "Due to the order could not be executed as maker, the Post Only order will be rejected.",
}


def catalog_entries() -> dict[str, BinanceError]:
    return {name: value for name, value in vars(errors).items() if isinstance(value, BinanceError)}


@pytest.mark.parametrize(("fixture", "error"), FIXTURE_ERRORS, ids=[name for name, _ in FIXTURE_ERRORS])
def test_each_error_with_a_fixture_has_the_fixture_code_and_message(fixture: str, error: BinanceError) -> None:
    assert error.to_dict() == load_fixture(fixture)


def test_each_fixed_error_carries_its_documented_message() -> None:
    assert {error: error.msg for error in DOCUMENTED_MESSAGES} == DOCUMENTED_MESSAGES


def test_no_two_catalog_entries_define_the_same_code_and_message() -> None:
    names_by_body: dict[tuple[int, str], list[str]] = {}
    for name, error in catalog_entries().items():
        names_by_body.setdefault((error.code, error.msg), []).append(name)

    assert [names for names in names_by_body.values() if len(names) > 1] == []


def test_every_fixed_error_without_a_stated_status_is_a_400() -> None:
    special = {
        "UNKNOWN",
        "UNEXPECTED_RESPONSE",
        "TIMEOUT",
        "THROTTLED",
        "UNKNOWN_503",
        "SERVICE_UNAVAILABLE_503",
        "API_KEY_FORMAT_INVALID",
        "UNAUTHORIZED",
    }

    statuses = {name: error.http_status for name, error in catalog_entries().items() if name not in special}

    assert set(statuses.values()) == {400}


def test_the_body_is_compact_json_with_code_before_msg() -> None:
    assert errors.INVALID_SIGNATURE.body() == b'{"code":-1022,"msg":"Signature for this request is not valid."}'


def test_a_body_keeps_non_ascii_text_as_utf8() -> None:
    body = BinanceError(-1000, "prix négatif").body()

    assert json.loads(body.decode("utf-8"))["msg"] == "prix négatif"


def test_both_timestamp_errors_share_code_1021_with_their_two_messages() -> None:
    assert errors.TIMESTAMP_AHEAD.code == errors.TIMESTAMP_OUTSIDE_RECV_WINDOW.code == -1021
    assert errors.TIMESTAMP_AHEAD.msg == "Timestamp for this request was 1000ms ahead of the server's time."


def test_the_two_503_bodies_carry_the_documented_messages() -> None:
    assert errors.UNKNOWN_503.http_status == errors.SERVICE_UNAVAILABLE_503.http_status == 503
    assert errors.UNKNOWN_503.msg == "Unknown error, please check your request or try again later."
    assert errors.SERVICE_UNAVAILABLE_503.msg == "Service Unavailable."


def test_unknown_outcome_errors_are_sent_with_a_status_clients_do_not_read_as_rejection() -> None:
    statuses = {error.code: error.http_status for error in (errors.UNKNOWN, errors.UNEXPECTED_RESPONSE, errors.TIMEOUT)}

    assert statuses == {-1000: 500, -1006: 500, -1007: 408}
    assert errors.THROTTLED.http_status == 503


def test_api_key_errors_are_http_401_and_name_the_callers_ip() -> None:
    error = errors.invalid_api_key("203.0.113.7")

    assert (error.code, error.http_status) == (-2015, 401)
    assert error.msg == "Invalid API-key, IP, or permissions for action, request ip: 203.0.113.7"
    assert errors.API_KEY_FORMAT_INVALID.http_status == 401


def test_the_weight_limit_error_is_a_429_naming_the_ip_and_the_limit() -> None:
    error = errors.too_many_requests("10.0.0.1", 2400)

    assert (error.code, error.http_status) == (-1003, 429)
    assert error.msg == (
        "Too many requests; current limit of IP(10.0.0.1) is 2400 requests per minute. "
        "Please use the websocket for live updates to avoid polling the API."
    )


def test_the_ban_error_is_a_418_naming_the_end_of_the_ban() -> None:
    error = errors.ip_banned("10.0.0.1", 1787071659262)

    assert (error.code, error.http_status) == (-1003, 418)
    assert "IP(10.0.0.1) banned until 1787071659262." in error.msg


def test_the_order_limit_error_is_a_429_with_code_1015() -> None:
    error = errors.too_many_orders(300, "10 SECOND")

    assert (error.code, error.http_status) == (-1015, 429)
    assert error.msg == "Too many new orders; current limit is 300 orders per 10 SECOND."


def test_parameter_errors_name_the_parameter() -> None:
    assert errors.mandatory_param("timestamp").msg == (
        "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed."
    )
    assert errors.one_of_params("orderId", "origClientOrderId").msg == (
        "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!"
    )
    assert errors.param_not_required("price").msg == "Parameter 'price' sent when not required."
    assert errors.invalid_param("recvWindow").msg == "Data sent for parameter 'recvWindow' is not valid."


def test_value_errors_name_the_refused_value() -> None:
    assert errors.invalid_leverage(126).to_dict() == {"code": -4028, "msg": "Leverage 126 is not valid"}
    assert errors.invalid_working_type("INDEX_PRICE").to_dict() == {
        "code": -4031,
        "msg": "Invalid parameter working type: INDEX_PRICE",
    }


@pytest.mark.parametrize(
    ("notional", "text"),
    [(Decimal("5"), "5"), (Decimal("100"), "100"), (Decimal("5.0"), "5"), (Decimal("1E+2"), "100")],
)
def test_the_min_notional_message_writes_the_notional_without_exponent(notional: Decimal, text: str) -> None:
    assert errors.min_notional(notional).msg == (
        f"Order's notional must be no smaller than {text} (unless you choose reduce only)."
    )


@pytest.mark.parametrize("notional", [Decimal(0), Decimal(-5), Decimal("NaN"), 5])
def test_a_min_notional_must_be_a_positive_decimal(notional: object) -> None:
    with pytest.raises(ValueError, match="MIN_NOTIONAL"):
        errors.min_notional(notional)  # type: ignore[arg-type]


def test_an_error_value_refuses_a_positive_code_or_a_success_status() -> None:
    with pytest.raises(ValueError, match="negative"):
        BinanceError(1022, "x")
    with pytest.raises(ValueError, match="4xx/5xx"):
        BinanceError(-1022, "x", 200)


def test_a_sim_error_carries_its_error() -> None:
    with pytest.raises(SimError) as caught:
        raise SimError(errors.INVALID_SYMBOL)

    assert caught.value.error is errors.INVALID_SYMBOL
    assert "-1121" in str(caught.value)


def test_a_sim_error_exposes_the_code_message_status_and_json_body_of_its_error() -> None:
    rejection = SimError(errors.invalid_api_key("198.51.100.4"))

    assert (rejection.code, rejection.http_status) == (-2015, 401)
    assert rejection.msg == "Invalid API-key, IP, or permissions for action, request ip: 198.51.100.4"
    assert json.loads(rejection.body()) == {"code": -2015, "msg": rejection.msg}
