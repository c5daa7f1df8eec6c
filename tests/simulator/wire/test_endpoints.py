"""The endpoint tables: each path the issue lists has its security type and its request weight."""

from __future__ import annotations

import pytest

from adapters.simulator.wire.security import ENDPOINT_SECURITY, SecurityType, UnknownEndpoint, security_of
from adapters.simulator.wire.weights import ENDPOINT_COSTS, Cost, request_cost

# Every REST endpoint issue 3 names, with the security type of API.md §2
ISSUE_ENDPOINTS = {
    ("GET", "/fapi/v1/time"): SecurityType.NONE,
    ("GET", "/fapi/v1/ping"): SecurityType.NONE,
    ("GET", "/fapi/v1/exchangeInfo"): SecurityType.NONE,
    ("GET", "/fapi/v1/klines"): SecurityType.NONE,
    ("GET", "/fapi/v1/premiumIndex"): SecurityType.NONE,
    ("POST", "/fapi/v1/order"): SecurityType.TRADE,
    ("GET", "/fapi/v1/order"): SecurityType.USER_DATA,
    ("DELETE", "/fapi/v1/order"): SecurityType.TRADE,
    ("DELETE", "/fapi/v1/allOpenOrders"): SecurityType.TRADE,
    ("GET", "/fapi/v1/openOrders"): SecurityType.USER_DATA,
    ("GET", "/fapi/v1/allOrders"): SecurityType.USER_DATA,
    ("GET", "/fapi/v1/userTrades"): SecurityType.USER_DATA,
    ("GET", "/fapi/v1/income"): SecurityType.USER_DATA,
    ("GET", "/fapi/v1/commissionRate"): SecurityType.USER_DATA,
    ("GET", "/fapi/v2/positionRisk"): SecurityType.USER_DATA,
    ("GET", "/fapi/v3/positionRisk"): SecurityType.USER_DATA,
    ("GET", "/fapi/v2/balance"): SecurityType.USER_DATA,
    ("GET", "/fapi/v3/balance"): SecurityType.USER_DATA,
    ("GET", "/fapi/v2/account"): SecurityType.USER_DATA,
    ("GET", "/fapi/v3/account"): SecurityType.USER_DATA,
    ("POST", "/fapi/v1/leverage"): SecurityType.TRADE,
    ("POST", "/fapi/v1/marginType"): SecurityType.TRADE,
    ("GET", "/fapi/v1/positionSide/dual"): SecurityType.USER_DATA,
    ("POST", "/fapi/v1/positionSide/dual"): SecurityType.TRADE,
    ("POST", "/fapi/v1/algoOrder"): SecurityType.TRADE,
    ("DELETE", "/fapi/v1/algoOrder"): SecurityType.TRADE,
    ("GET", "/fapi/v1/algoOrder"): SecurityType.USER_DATA,
    ("GET", "/fapi/v1/openAlgoOrders"): SecurityType.USER_DATA,
    ("DELETE", "/fapi/v1/algoOpenOrders"): SecurityType.TRADE,
    ("POST", "/fapi/v1/listenKey"): SecurityType.USER_STREAM,
    ("PUT", "/fapi/v1/listenKey"): SecurityType.USER_STREAM,
    ("DELETE", "/fapi/v1/listenKey"): SecurityType.USER_STREAM,
}


@pytest.mark.parametrize(("endpoint", "security"), ISSUE_ENDPOINTS.items(), ids=[" ".join(e) for e in ISSUE_ENDPOINTS])
def test_each_endpoint_of_the_issue_has_its_documented_security_type(
    endpoint: tuple[str, str], security: SecurityType
) -> None:
    assert security_of(*endpoint) is security


def test_only_trade_and_user_data_endpoints_are_signed() -> None:
    signed = {security for security in SecurityType if security.signed}

    assert signed == {SecurityType.TRADE, SecurityType.USER_DATA}
    assert SecurityType.USER_STREAM.needs_key and not SecurityType.NONE.needs_key


def test_the_security_and_weight_tables_list_the_same_endpoints() -> None:
    assert ENDPOINT_COSTS.keys() == ENDPOINT_SECURITY.keys()


def test_the_method_is_matched_case_insensitively() -> None:
    assert security_of("post", "/fapi/v1/listenKey") is SecurityType.USER_STREAM


def test_an_unknown_endpoint_is_named() -> None:
    with pytest.raises(UnknownEndpoint, match="PATCH /fapi/v1/order"):
        request_cost("PATCH", "/fapi/v1/order", {})
    with pytest.raises(UnknownEndpoint, match="GET /fapi/v1/nope"):
        security_of("GET", "/fapi/v1/nope")


@pytest.mark.parametrize(
    ("limit", "weight"),
    [(None, 5), ("1", 1), ("99", 1), ("100", 2), ("499", 2), ("500", 5), ("1000", 5), ("1001", 10), ("1500", 10)],
)
def test_klines_weigh_by_limit(limit: str | None, weight: int) -> None:
    params = {"symbol": "XRPUSDT", "interval": "1m"} | ({} if limit is None else {"limit": limit})

    assert request_cost("GET", "/fapi/v1/klines", params) == Cost(weight)


def test_a_malformed_klines_limit_weighs_as_the_default() -> None:
    assert request_cost("GET", "/fapi/v1/klines", {"limit": "many"}) == Cost(5)


@pytest.mark.parametrize(("limit", "weight"), [("5", 2), ("50", 2), ("100", 5), ("500", 10), ("1000", 20), (None, 10)])
def test_depth_weighs_by_limit(limit: str | None, weight: int) -> None:
    params = {} if limit is None else {"limit": limit}

    assert request_cost("GET", "/fapi/v1/depth", params).weight == weight


@pytest.mark.parametrize(
    ("path", "with_symbol", "without_symbol"),
    [("/fapi/v1/premiumIndex", 1, 10), ("/fapi/v1/openOrders", 1, 40), ("/fapi/v1/openAlgoOrders", 1, 40)],
)
def test_all_symbol_queries_weigh_more(path: str, with_symbol: int, without_symbol: int) -> None:
    assert request_cost("GET", path, {"symbol": "XRPUSDT"}).weight == with_symbol
    assert request_cost("GET", path, {}).weight == without_symbol


@pytest.mark.parametrize(
    ("method", "path", "weight"),
    [
        ("GET", "/fapi/v1/income", 30),
        ("GET", "/fapi/v1/commissionRate", 20),
        ("GET", "/fapi/v2/positionRisk", 5),
        ("GET", "/fapi/v3/positionRisk", 5),
        ("GET", "/fapi/v2/balance", 5),
        ("GET", "/fapi/v3/account", 5),
        ("GET", "/fapi/v1/userTrades", 5),
        ("GET", "/fapi/v1/allOrders", 5),
        ("GET", "/fapi/v1/positionSide/dual", 30),
        ("GET", "/fapi/v1/order", 1),
        ("DELETE", "/fapi/v1/order", 1),
        ("DELETE", "/fapi/v1/allOpenOrders", 1),
        ("POST", "/fapi/v1/leverage", 1),
        ("POST", "/fapi/v1/listenKey", 1),
        ("GET", "/fapi/v1/time", 1),
    ],
)
def test_fixed_weights_are_those_of_the_docs(method: str, path: str, weight: int) -> None:
    assert request_cost(method, path, {"symbol": "XRPUSDT"}) == Cost(weight)


def test_placing_an_order_costs_no_ip_weight_but_one_on_each_orders_counter() -> None:
    cost = request_cost("POST", "/fapi/v1/order", {"symbol": "XRPUSDT"})

    assert cost == Cost(weight=0, orders_10s=1, orders_1m=1)
    assert cost.counts_orders


def test_placing_an_algo_order_counts_like_an_order() -> None:
    assert request_cost("POST", "/fapi/v1/algoOrder", {}) == Cost(0, orders_10s=1, orders_1m=1)


def test_modifying_an_order_costs_one_weight_and_one_on_each_orders_counter() -> None:
    assert request_cost("PUT", "/fapi/v1/order", {}) == Cost(1, orders_10s=1, orders_1m=1)


def test_a_batch_costs_five_weight_five_on_the_10s_counter_and_one_on_the_minute_counter() -> None:
    assert request_cost("POST", "/fapi/v1/batchOrders", {}) == Cost(5, orders_10s=5, orders_1m=1)


def test_cancelling_does_not_count_orders() -> None:
    assert not request_cost("DELETE", "/fapi/v1/order", {}).counts_orders
