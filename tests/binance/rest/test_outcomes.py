"""Error mapping: what may have executed is OutcomeUnknown and is never resent; definitive refusals are rejections."""

from __future__ import annotations

import httpx
import pytest

from adapters.binance.rest import MalformedResponse
from ports.errors import ExchangeRejected, OutcomeUnknown
from tests.binance.rest.support import (
    SYMBOL,
    binance_error,
    fixture_json,
    limit,
    market,
    scripted_gateway,
    stop,
)

pytestmark = pytest.mark.anyio

UNKNOWN_503 = "Unknown error, please check your request or try again later."


@pytest.mark.parametrize(
    "answer",
    [
        binance_error(503, -1000, UNKNOWN_503),
        httpx.Response(502, text="<html>Bad Gateway</html>"),
        httpx.Response(500, text=""),
        httpx.Response(408, text="Request Timeout"),
        binance_error(
            400,
            -1007,
            "Timeout waiting for response from backend server. Send status unknown; execution status unknown.",
        ),
        binance_error(
            400, -1006, "An unexpected response was received from the message bus. Execution status unknown."
        ),
        httpx.ReadTimeout("read timed out"),
        httpx.ConnectError("connection reset"),
        httpx.RemoteProtocolError("server disconnected without sending a response"),
    ],
    ids=["503-unknown", "502", "500", "408", "-1007", "-1006", "timeout", "connect", "disconnect"],
)
async def test_a_placement_with_an_unknown_outcome_is_reported_as_such_and_sent_only_once(answer: object) -> None:
    gateway, script, _, _ = scripted_gateway(answer)  # type: ignore[arg-type]
    with pytest.raises(OutcomeUnknown, match="POST /fapi/v1/order"):
        await gateway.place_order(market("20"))
    assert len(script.requests) == 1


async def test_a_conditional_placement_with_an_unknown_outcome_is_not_resent_either() -> None:
    gateway, script, _, _ = scripted_gateway(binance_error(503, -1000, UNKNOWN_503))
    with pytest.raises(OutcomeUnknown, match="POST /fapi/v1/algoOrder"):
        await gateway.place_order(stop("0.5000"))
    assert [r.url.path for r in script.requests] == ["/fapi/v1/algoOrder"]


async def test_a_binance_refusal_is_a_rejection_with_its_code_and_message() -> None:
    body = fixture_json("error_-2019_margin_insufficient.json")
    gateway, _, _, _ = scripted_gateway(httpx.Response(400, json=body))
    with pytest.raises(ExchangeRejected) as rejected:
        await gateway.place_order(limit("10", "0.5000"))
    assert (rejected.value.code, rejected.value.message) == (-2019, body["msg"])


async def test_system_throttling_is_a_rejection_because_it_never_reached_the_engine() -> None:
    gateway, _, _, _ = scripted_gateway(binance_error(503, -1008, "Request throttled by system-level protection."))
    with pytest.raises(ExchangeRejected) as rejected:
        await gateway.place_order(market("20"))
    assert rejected.value.code == -1008


async def test_a_refusal_without_a_binance_body_keeps_the_http_status_as_its_code() -> None:
    gateway, _, _, _ = scripted_gateway(httpx.Response(403, text="<html>WAF</html>"))
    with pytest.raises(ExchangeRejected, match="HTTP 403 without a Binance error body") as rejected:
        await gateway.open_orders(SYMBOL)
    assert rejected.value.code == 403


async def test_an_unreadable_placement_answer_is_an_unknown_outcome_naming_the_endpoint() -> None:
    gateway, _, _, _ = scripted_gateway(httpx.Response(200, json={"orderId": "not a number"}))
    with pytest.raises(MalformedResponse, match="POST /fapi/v1/order: order") as malformed:
        await gateway.place_order(market("20"))
    assert isinstance(malformed.value, OutcomeUnknown)


async def test_a_placement_answer_that_is_not_json_is_an_unknown_outcome() -> None:
    gateway, _, _, _ = scripted_gateway(httpx.Response(200, text="<html>ok</html>"))
    with pytest.raises(MalformedResponse, match="POST /fapi/v1/order: response is not JSON"):
        await gateway.place_order(market("20"))


async def test_a_malformed_read_names_the_endpoint_and_the_field() -> None:
    gateway, _, _, _ = scripted_gateway(httpx.Response(200, json=[{"asset": "USDT"}]))
    with pytest.raises(MalformedResponse, match=r"GET /fapi/v3/balance: balance\[0\]"):
        await gateway.balances()


async def test_a_mark_price_answer_about_another_symbol_is_malformed() -> None:
    body = fixture_json("rest_premium_index_btcusdt_docs_example.json")
    gateway, _, _, _ = scripted_gateway(httpx.Response(200, json=body))
    with pytest.raises(MalformedResponse, match="does not mention XRPUSDT"):
        await gateway.mark_price(SYMBOL)
