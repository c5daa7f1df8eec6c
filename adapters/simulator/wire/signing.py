"""API-key, HMAC-SHA256 signature and timestamp/recvWindow checks of a request, as Binance applies them (API.md §2).

Order of checks (Binance does not document one; this is ours): API key (-2014 format, -2015 unknown), mandatory
`timestamp` and `signature` (-1102), `recvWindow` (-1130), signature (-1022), then timing (-1021). The signature
is checked before the time so a request with a wrong secret learns nothing about the server clock.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

from adapters.simulator.errors import (
    API_KEY_FORMAT_INVALID,
    INVALID_SIGNATURE,
    TIMESTAMP_AHEAD,
    TIMESTAMP_OUTSIDE_RECV_WINDOW,
    SimError,
    invalid_api_key,
    invalid_param,
    mandatory_param,
)
from adapters.simulator.wire.millis import server_time_ms
from adapters.simulator.wire.request import WireRequest, parse_params
from adapters.simulator.wire.security import SecurityType, security_of
from ports.clock import Clock

API_KEY_HEADER = "X-MBX-APIKEY"
DEFAULT_RECV_WINDOW_MS = 5_000
MAX_RECV_WINDOW_MS = 60_000
AHEAD_TOLERANCE_MS = 1_000
# Binance keys are 64 alphanumerics; we accept 1..64 so a short sim key such as "K" works
_KEY_FORMAT = re.compile(r"[A-Za-z0-9]{1,64}")
_HEX_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_DIGITS = re.compile(r"[0-9]{1,18}")


def sign(query: bytes | str, body: bytes | str, secret: str) -> str:
    """Client side: lowercase hex HMAC-SHA256 of totalParams = query + body, exactly as they will be sent."""
    return hmac.new(secret.encode("utf-8"), _raw(query) + _raw(body), hashlib.sha256).hexdigest()


def signed_payload(query: bytes, body: bytes) -> bytes:
    """Server side: totalParams of a received request, i.e. query then body with the `signature` pair removed."""
    return _without_signature(query) + _without_signature(body)


@dataclass(frozen=True)
class Authenticated:
    """A request that passed every check of its endpoint's security type."""

    security: SecurityType
    params: dict[str, str]
    api_key: str | None


class Authenticator:
    """Checks requests against the configured key pairs and the simulator clock."""

    def __init__(self, secrets: Mapping[str, str], clock: Clock) -> None:
        for key, secret in secrets.items():
            if not _KEY_FORMAT.fullmatch(key):
                raise ValueError(f"API key {key!r} must be 1-64 letters or digits, as Binance keys are")
            if not secret:
                raise ValueError(f"API key {key!r} has an empty secret")
        self._secrets = dict(secrets)
        self._clock = clock

    def authenticate(self, request: WireRequest) -> Authenticated:
        """Return the parsed request or raise SimError with Binance's error; UnknownEndpoint if no such route."""
        security = security_of(request.method, request.path)
        params = parse_params(request)
        if not security.needs_key:
            return Authenticated(security, params, request.header(API_KEY_HEADER))
        api_key = self._known_key(request)
        if security.signed:
            self._check_signed(request, params, self._secrets[api_key])
        return Authenticated(security, params, api_key)

    def _known_key(self, request: WireRequest) -> str:
        api_key = request.header(API_KEY_HEADER)
        if api_key is None or not _KEY_FORMAT.fullmatch(api_key):
            raise SimError(API_KEY_FORMAT_INVALID)
        if api_key not in self._secrets:
            raise SimError(invalid_api_key(request.client_ip))
        return api_key

    def _check_signed(self, request: WireRequest, params: dict[str, str], secret: str) -> None:
        timestamp = _required_int(params, "timestamp")
        signature = params.get("signature")
        if not signature:
            raise SimError(mandatory_param("signature"))
        recv_window = _recv_window(params)
        body = request.body if request.body_counts else b""
        expected = sign(signed_payload(request.query, body), b"", secret)
        # HMAC signatures are case-insensitive on Binance (spot Request Security page)
        if not _HEX_SHA256.fullmatch(signature) or not hmac.compare_digest(expected, signature.lower()):
            raise SimError(INVALID_SIGNATURE)
        check_timing(timestamp, recv_window, server_time_ms(self._clock))


def check_timing(timestamp: int, recv_window: int, server_time: int) -> None:
    """Binance's rule: accept iff timestamp < serverTime + 1000 and serverTime - timestamp <= recvWindow."""
    if timestamp >= server_time + AHEAD_TOLERANCE_MS:
        raise SimError(TIMESTAMP_AHEAD)
    if server_time - timestamp > recv_window:
        raise SimError(TIMESTAMP_OUTSIDE_RECV_WINDOW)


def _required_int(params: dict[str, str], name: str) -> int:
    text = params.get(name, "")
    if not _DIGITS.fullmatch(text):
        raise SimError(mandatory_param(name))
    return int(text)


def _recv_window(params: dict[str, str]) -> int:
    text = params.get("recvWindow")
    if text is None:
        return DEFAULT_RECV_WINDOW_MS
    if not _DIGITS.fullmatch(text) or not 0 < int(text) <= MAX_RECV_WINDOW_MS:
        raise SimError(invalid_param("recvWindow"))
    return int(text)


def _without_signature(part: bytes) -> bytes:
    if not part:
        return b""
    kept = [pair for pair in part.split(b"&") if pair.split(b"=", 1)[0] != b"signature"]
    return b"&".join(kept)


def _raw(part: bytes | str) -> bytes:
    return part.encode("utf-8") if isinstance(part, str) else bytes(part)
