"""Signing and request authentication: Binance's documented HMAC vectors, API keys, timestamp and recvWindow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.clock import ManualClock
from adapters.simulator import errors
from adapters.simulator.errors import BinanceError, SimError
from adapters.simulator.wire.request import WireRequest
from adapters.simulator.wire.security import SecurityType, UnknownEndpoint
from adapters.simulator.wire.signing import Authenticator, sign, signed_payload
from domain.times import epoch_ms

# Binance's published HMAC example: "SIGNED Endpoint Examples for POST /fapi/v1/order" of the futures General Info
# (same key, secret and values as the spot Request Security page,
# developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security). Public documentation values.
DOC_API_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
DOC_PARAMS = (
    "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
)
DOC_SIGNATURE = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
# Example 3 of the same page: query "symbol=…&timeInForce=GTC", body "quantity=1&…" — no "&" between them
DOC_MIXED_QUERY = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC"
DOC_MIXED_BODY = "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
DOC_MIXED_SIGNATURE = "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77"
DOC_TIME = datetime(2017, 7, 12, 2, 41, 59, 559000, tzinfo=UTC)  # = timestamp 1499827319559

KEY, SECRET = "SimKey", "sim-secret"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
NOW_MS = epoch_ms(NOW)


def signed(query: str, body: str = "", secret: str = SECRET) -> tuple[str, str]:
    """Append `&signature=` to the body when there is one (as a form client does), else to the query."""
    signature = sign(query, body, secret)
    if body:
        return query, f"{body}&signature={signature}"
    return f"{query}&signature={signature}" if query else f"signature={signature}", body


def request(
    query: str = "", body: str = "", *, method: str = "GET", path: str = "/fapi/v2/balance", key: str | None = KEY
) -> WireRequest:
    headers = {} if key is None else {"X-MBX-APIKEY": key}
    return WireRequest(method, path, query, body, headers, client_ip="198.51.100.4")


def rejection(authenticator: Authenticator, wire_request: WireRequest) -> BinanceError:
    with pytest.raises(SimError) as caught:
        authenticator.authenticate(wire_request)
    return caught.value.error


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def auth(clock: ManualClock) -> Authenticator:
    return Authenticator({KEY: SECRET}, clock)


class TestDocumentedVectors:
    def test_signing_the_documented_query_string_gives_the_documented_signature(self) -> None:
        assert sign(DOC_PARAMS, "", DOC_SECRET) == DOC_SIGNATURE

    def test_signing_the_documented_body_gives_the_same_signature(self) -> None:
        assert sign("", DOC_PARAMS, DOC_SECRET) == DOC_SIGNATURE

    def test_signing_the_documented_mixed_request_concatenates_query_and_body_without_an_ampersand(self) -> None:
        assert sign(DOC_MIXED_QUERY, DOC_MIXED_BODY, DOC_SECRET) == DOC_MIXED_SIGNATURE

    def test_the_usds_futures_general_info_vector_matches(self) -> None:
        # developers.binance.com/docs/derivatives/usds-margined-futures/general-info, SIGNED Endpoint Examples
        query = (
            "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC"
            "&recvWindow=5000&timestamp=1591702613943"
        )
        secret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9"

        assert sign(query, "", secret) == "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9"

    def test_a_percent_encoded_query_is_signed_as_sent(self) -> None:
        # Spot Request Security page, second example: a non-ASCII symbol percent-encoded before signing
        query = DOC_PARAMS.replace("LTCBTC", "%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96")

        assert sign(query, "", DOC_SECRET) == "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3"

    @pytest.mark.parametrize(
        ("query", "body"),
        [
            (f"{DOC_PARAMS}&signature={DOC_SIGNATURE}", ""),
            ("", f"{DOC_PARAMS}&signature={DOC_SIGNATURE}"),
            (DOC_MIXED_QUERY, f"{DOC_MIXED_BODY}&signature={DOC_MIXED_SIGNATURE}"),
        ],
        ids=["query", "body", "mixed"],
    )
    def test_the_server_accepts_each_documented_request(self, query: str, body: str) -> None:
        authenticator = Authenticator({DOC_API_KEY: DOC_SECRET}, ManualClock(DOC_TIME))

        result = authenticator.authenticate(request(query, body, method="POST", path="/fapi/v1/order", key=DOC_API_KEY))

        assert result.params["symbol"] == "LTCBTC" and result.params["price"] == "0.1"
        assert result.security is SecurityType.TRADE

    def test_the_signed_payload_drops_the_signature_pair_and_keeps_the_bytes(self) -> None:
        payload = signed_payload(f"{DOC_MIXED_QUERY}".encode(), f"{DOC_MIXED_BODY}&signature=ab".encode())

        assert payload == (DOC_MIXED_QUERY + DOC_MIXED_BODY).encode()


class TestSignature:
    def test_a_request_signed_with_another_secret_gets_1022(self, auth: Authenticator) -> None:
        query, body = signed(f"timestamp={NOW_MS}", secret="not-the-secret")

        assert rejection(auth, request(query, body)) == errors.INVALID_SIGNATURE

    def test_a_parameter_changed_after_signing_gets_1022(self, auth: Authenticator) -> None:
        query, _ = signed(f"symbol=XRPUSDT&timestamp={NOW_MS}")

        assert rejection(auth, request(query.replace("XRPUSDT", "BTCUSDT"))) == errors.INVALID_SIGNATURE

    def test_a_signature_over_reordered_parameters_gets_1022(self, auth: Authenticator) -> None:
        signature = sign(f"timestamp={NOW_MS}&symbol=XRPUSDT", "", SECRET)

        assert rejection(auth, request(f"symbol=XRPUSDT&timestamp={NOW_MS}&signature={signature}")) == (
            errors.INVALID_SIGNATURE
        )

    def test_a_signature_over_decoded_text_of_an_encoded_value_gets_1022(self, auth: Authenticator) -> None:
        sent = f"newClientOrderId=a%40b&timestamp={NOW_MS}"
        signature = sign(f"newClientOrderId=a@b&timestamp={NOW_MS}", "", SECRET)

        assert rejection(auth, request(f"{sent}&signature={signature}")) == errors.INVALID_SIGNATURE

    def test_an_uppercase_hex_signature_is_accepted(self, auth: Authenticator) -> None:
        query = f"timestamp={NOW_MS}"
        wire_request = request(f"{query}&signature={sign(query, '', SECRET).upper()}")

        assert auth.authenticate(wire_request).api_key == KEY

    def test_a_signature_that_is_not_hex_gets_1022(self, auth: Authenticator) -> None:
        assert rejection(auth, request(f"timestamp={NOW_MS}&signature=nothex")) == errors.INVALID_SIGNATURE

    def test_the_signature_may_come_first_in_the_query(self, auth: Authenticator) -> None:
        query = f"symbol=XRPUSDT&timestamp={NOW_MS}"

        result = auth.authenticate(request(f"signature={sign(query, '', SECRET)}&{query}"))

        assert result.params["symbol"] == "XRPUSDT"

    def test_a_get_body_is_neither_signed_nor_read(self, auth: Authenticator) -> None:
        query, _ = signed(f"timestamp={NOW_MS}")

        result = auth.authenticate(request(query, "symbol=BTCUSDT"))

        assert "symbol" not in result.params


class TestApiKey:
    def test_a_signed_request_without_the_key_header_gets_2014(self, auth: Authenticator) -> None:
        query, _ = signed(f"timestamp={NOW_MS}")

        assert rejection(auth, request(query, key=None)) == errors.API_KEY_FORMAT_INVALID

    @pytest.mark.parametrize("bad_key", ["", "key with spaces", "k" * 65, "clé"])
    def test_a_malformed_key_gets_2014(self, auth: Authenticator, bad_key: str) -> None:
        query, _ = signed(f"timestamp={NOW_MS}")

        assert rejection(auth, request(query, key=bad_key)) == errors.API_KEY_FORMAT_INVALID

    def test_an_unknown_key_gets_2015_naming_the_callers_ip(self, auth: Authenticator) -> None:
        query, _ = signed(f"timestamp={NOW_MS}")

        error = rejection(auth, request(query, key="OtherKey"))

        assert error == errors.invalid_api_key("198.51.100.4")

    def test_the_key_header_name_is_case_insensitive(self, auth: Authenticator) -> None:
        query, _ = signed(f"timestamp={NOW_MS}")
        wire_request = WireRequest("GET", "/fapi/v2/balance", query, headers={"x-mbx-apikey": KEY})

        assert auth.authenticate(wire_request).api_key == KEY

    def test_a_user_stream_request_needs_the_key_but_no_signature(self, auth: Authenticator) -> None:
        result = auth.authenticate(request(method="POST", path="/fapi/v1/listenKey"))

        assert (result.security, result.api_key) == (SecurityType.USER_STREAM, KEY)

    def test_a_user_stream_request_with_an_unknown_key_gets_2015(self, auth: Authenticator) -> None:
        error = rejection(auth, request(method="PUT", path="/fapi/v1/listenKey", key="OtherKey"))

        assert error.code == -2015

    def test_a_public_request_needs_neither_key_nor_signature(self, auth: Authenticator) -> None:
        result = auth.authenticate(request("symbol=XRPUSDT&interval=1m", path="/fapi/v1/klines", key=None))

        assert result.security is SecurityType.NONE
        assert result.params == {"symbol": "XRPUSDT", "interval": "1m"}

    def test_configuring_a_key_binance_could_not_issue_fails_at_once(self, clock: ManualClock) -> None:
        with pytest.raises(ValueError, match="letters or digits"):
            Authenticator({"sim-key": SECRET}, clock)

    def test_configuring_a_key_without_a_secret_fails_at_once(self, clock: ManualClock) -> None:
        with pytest.raises(ValueError, match="empty secret"):
            Authenticator({KEY: ""}, clock)


class TestTiming:
    def test_a_timestamp_999_ms_ahead_of_the_server_is_accepted(self, auth: Authenticator) -> None:
        query, _ = signed(f"timestamp={NOW_MS + 999}")

        assert auth.authenticate(request(query)).params["timestamp"] == str(NOW_MS + 999)

    def test_a_timestamp_1000_ms_ahead_gets_1021_ahead(self, auth: Authenticator) -> None:
        query, _ = signed(f"timestamp={NOW_MS + 1000}")

        assert rejection(auth, request(query)) == errors.TIMESTAMP_AHEAD

    def test_a_request_exactly_the_default_5000_ms_old_is_accepted(self, auth: Authenticator) -> None:
        query, _ = signed(f"timestamp={NOW_MS - 5000}")

        assert auth.authenticate(request(query)).api_key == KEY

    def test_a_request_older_than_the_default_window_gets_1021_outside(self, auth: Authenticator) -> None:
        query, _ = signed(f"timestamp={NOW_MS - 5001}")

        assert rejection(auth, request(query)) == errors.TIMESTAMP_OUTSIDE_RECV_WINDOW

    def test_a_larger_recv_window_accepts_an_older_request(self, auth: Authenticator) -> None:
        query, _ = signed(f"recvWindow=60000&timestamp={NOW_MS - 60000}")

        assert auth.authenticate(request(query)).params["recvWindow"] == "60000"

    def test_the_server_time_is_read_from_the_clock_at_each_request(
        self, auth: Authenticator, clock: ManualClock
    ) -> None:
        query, _ = signed(f"timestamp={NOW_MS}")
        clock.advance(timedelta(seconds=6))

        assert rejection(auth, request(query)) == errors.TIMESTAMP_OUTSIDE_RECV_WINDOW

    @pytest.mark.parametrize("window", ["60001", "0", "-5", "5000.5", "abc", ""])
    def test_a_recv_window_outside_1_to_60000_gets_1130(self, auth: Authenticator, window: str) -> None:
        query, _ = signed(f"recvWindow={window}&timestamp={NOW_MS}")

        assert rejection(auth, request(query)) == errors.invalid_param("recvWindow")

    def test_a_signed_request_without_timestamp_gets_1102(self, auth: Authenticator) -> None:
        query, _ = signed("symbol=XRPUSDT")

        assert rejection(auth, request(query)) == errors.mandatory_param("timestamp")

    def test_a_non_numeric_timestamp_gets_1102(self, auth: Authenticator) -> None:
        query, _ = signed("timestamp=soon")

        assert rejection(auth, request(query)) == errors.mandatory_param("timestamp")

    def test_a_signed_request_without_signature_gets_1102(self, auth: Authenticator) -> None:
        assert rejection(auth, request(f"timestamp={NOW_MS}")) == errors.mandatory_param("signature")

    def test_a_bad_signature_is_reported_before_a_stale_timestamp(self, auth: Authenticator) -> None:
        query, _ = signed(f"timestamp={NOW_MS - 100_000}", secret="wrong")

        assert rejection(auth, request(query)) == errors.INVALID_SIGNATURE


class TestParameters:
    def test_the_query_value_wins_over_the_body_value(self, auth: Authenticator) -> None:
        query, body = signed(f"symbol=XRPUSDT&timestamp={NOW_MS}", "symbol=BTCUSDT&side=BUY")

        result = auth.authenticate(request(query, body, method="POST", path="/fapi/v1/order"))

        assert result.params["symbol"] == "XRPUSDT" and result.params["side"] == "BUY"

    def test_form_encoding_is_decoded_in_the_parameters(self, auth: Authenticator) -> None:
        query, body = signed("", f"newClientOrderId=a%40b+c&timestamp={NOW_MS}")

        result = auth.authenticate(request(query, body, method="POST", path="/fapi/v1/order"))

        assert result.params["newClientOrderId"] == "a@b c"

    def test_a_key_repeated_in_the_query_gets_1101(self, auth: Authenticator) -> None:
        query, _ = signed(f"symbol=XRPUSDT&symbol=BTCUSDT&timestamp={NOW_MS}")

        assert rejection(auth, request(query)) == errors.DUPLICATE_PARAMETER

    def test_an_unknown_endpoint_is_named_in_the_error(self, auth: Authenticator) -> None:
        with pytest.raises(UnknownEndpoint, match="GET /fapi/v9/nothing"):
            auth.authenticate(request(path="/fapi/v9/nothing"))

    def test_a_request_path_must_be_absolute(self) -> None:
        with pytest.raises(ValueError, match="starts with '/'"):
            WireRequest("GET", "fapi/v1/time")
