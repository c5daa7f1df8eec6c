"""Signing: Binance's documented HMAC-SHA256 vectors, and every signed request carries a valid signature and key."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.binance.rest.order_params import wire_decimal
from adapters.binance.rest.signing import credential, encode, sign
from config.secrets import Secret
from ports.errors import ExchangeRejected
from tests.binance.rest.support import KEY, SECRET, binance_error, limit, scripted_gateway

pytestmark = pytest.mark.anyio

# Binance's documented example key (developers.binance.com "SIGNED Endpoint Examples for POST /api/v3/order")
DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
DOC_QUERY = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC"
DOC_BODY = "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
# The USDⓈ-M futures docs' example (binance-docs "SIGNED (TRADE and USER_DATA) Endpoint Security")
FUTURES_SECRET = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9"
FUTURES_QUERY = (
    "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943"
)


def test_a_query_string_signs_to_binances_documented_signature() -> None:
    assert sign(DOC_SECRET, f"{DOC_QUERY}&{DOC_BODY}") == (
        "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
    )


def test_a_query_and_a_body_sign_concatenated_without_an_ampersand_as_documented() -> None:
    assert sign(DOC_SECRET, DOC_QUERY, DOC_BODY) == ("0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77")


def test_the_futures_documentation_example_signs_to_its_documented_signature() -> None:
    assert sign(FUTURES_SECRET, FUTURES_QUERY) == "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9"


def test_parameters_are_encoded_in_their_given_order_with_client_id_characters_escaped() -> None:
    assert encode({"symbol": "XRPUSDT", "newClientOrderId": "a:b/c", "quantity": "1.5"}) == (
        "symbol=XRPUSDT&newClientOrderId=a%3Ab%2Fc&quantity=1.5"
    )


def test_a_wrapped_secret_is_revealed_and_a_plain_string_accepted() -> None:
    assert credential(Secret("s3cr3t"), "API secret") == "s3cr3t"
    assert credential("s3cr3t", "API secret") == "s3cr3t"


@pytest.mark.parametrize(("bad", "error"), [("", ValueError), (42, TypeError)])
def test_an_empty_or_unusable_secret_is_refused_by_name(bad: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="API secret"):
        credential(bad, "API secret")  # type: ignore[arg-type]


async def test_a_placement_is_sent_as_a_form_body_signed_over_the_exact_bytes_with_the_api_key() -> None:
    gateway, script, _, _ = scripted_gateway(binance_error(400, -2019, "Margin is insufficient."))
    with pytest.raises(ExchangeRejected):
        await gateway.place_order(limit("10", "0.5000"))
    sent = script.requests[0]
    body = sent.content.decode()
    unsigned, signature = body.rsplit("&signature=", 1)
    assert sent.headers["X-MBX-APIKEY"] == KEY
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert sent.url.query == b""
    assert signature == sign(SECRET, "", unsigned)
    assert "price=0.5000" in unsigned and "recvWindow=5000" in unsigned and "timestamp=" in unsigned


async def test_a_signed_read_puts_everything_in_the_query_string_and_signs_it() -> None:
    gateway, script, _, _ = scripted_gateway(binance_error(400, -2015, "Invalid API-key, IP, or permissions."))
    with pytest.raises(ExchangeRejected):
        await gateway.balances()
    query = script.requests[0].url.query.decode()
    unsigned, signature = query.rsplit("&signature=", 1)
    assert script.requests[0].content == b""
    assert signature == sign(SECRET, unsigned)


def test_amounts_are_sent_in_positional_notation() -> None:
    assert wire_decimal(Decimal("1E+1")) == "10"
    assert wire_decimal(Decimal("0.00001000")) == "0.00001000"
